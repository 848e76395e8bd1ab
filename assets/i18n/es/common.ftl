# zenbraze — español: palabras que comparten los mensajes de la biblioteca. Cada id existe en en/common.ftl.
