# zenbraze — English: words the library's messages share. Every id here exists in es/common.ftl.
