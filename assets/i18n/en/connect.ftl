# zenbraze — English: connections and their tests (src/connect.rs). Every id here exists in es/connect.ftl.

connect-no-connection = profile `{ $profile }` has no { $service ->
    [zendesk] Zendesk
   *[braze] Braze
 } connection: add one with `zenbraze credentials set { $profile } { $service } …`
connect-no-secret = no { $service ->
    [zendesk] Zendesk API token
   *[braze] Braze REST API key
 } for profile `{ $profile }` in { $store }: set it with `zenbraze credentials set { $profile } { $service } …`
connect-zendesk-ok = signed in as { $email } ({ $role }) at { $url }
connect-who-email = { $email }
connect-who-oauth = the OAuth token
connect-zendesk-anonymous = Zendesk answered as an anonymous user: the API token is wrong, or it is not { $who }'s, or token access is off (Admin Center → Apps and integrations → Zendesk API)
connect-zendesk-unauthorized = Zendesk refused the credentials (401): check the email ({ $who }) and the API token
connect-zendesk-unreachable = cannot reach { $url } ({ $reason }): check the network, a proxy or a firewall, and the URL if it is not a zendesk.com one
connect-braze-ok = key accepted by { $url }
connect-braze-no-export = the key lacks users.export.ids: importing sample users from Braze will not work (users.track is not tested: that would log data)
connect-braze-unauthorized = Braze refused the REST key (401): a wrong key, a key of another instance (this is { $url }), or a key pasted with quotes
connect-braze-not-found = { $url } is not a Braze REST endpoint (404): pick the instance your dashboard URL names (dashboard-03 → US-03)
connect-braze-unreachable = cannot reach { $url } ({ $reason }): check the network, a proxy or a firewall
connect-line = { $service }: { $result }
