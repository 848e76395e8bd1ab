# zenbraze — español: la vista «Acerca de» en Ajustes. Cada id existe también en en/about.ftl.
about-heading = Acerca de zenbraze
about-tagline = Un banco de trabajo para la integración de Braze ⇄ Zendesk
about-version = Versión { $version }, commit { $commit }
about-license = zenbraze es software libre con la licencia { $license }
about-third-party = { $count ->
    [one] Hecho con 1 crate de terceros, usado bajo su propia licencia
   *[other] Hecho con { $count } crates de terceros, cada uno usado bajo su propia licencia
}
about-third-party-list = Licencias de terceros
