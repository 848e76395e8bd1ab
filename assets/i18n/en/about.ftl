# zenbraze — English: the About view in Settings. Every id here exists in es/about.ftl.
about-heading = About zenbraze
about-tagline = A workbench for the Braze ⇄ Zendesk integration
about-version = Version { $version }, commit { $commit }
about-license = zenbraze is free software under the { $license } licence
about-third-party = { $count ->
    [one] Built with 1 third-party crate, used under its own licence
   *[other] Built with { $count } third-party crates, each used under its own licence
}
about-third-party-list = Third-party licences
