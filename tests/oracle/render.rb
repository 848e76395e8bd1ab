# The differential fuzzer's oracle: Shopify's Ruby Liquid (Debian's ruby-liquid, 5.4), the engine
# Braze runs. Reads one JSON case per line on stdin, writes one JSON answer per line on stdout:
#   {"template": "...", "data": {...}, "dialect": "liquid" | "braze"}
#   → {"output": "..."} or {"error": "Liquid syntax error: ..."}
# No line numbers (Liquid's default), lax mode for Braze and strict mode for plain Liquid, inside Rails as Braze, Zendesk and Shopify
# run it: ActiveSupport's `blank?` (what Braze documents for `== blank`) and `String#first`/`#last`.
# With `--braze` (the braze dialect), `${tag}` becomes a lookup in the variable `zb_user` (the Rust
# side sends each tag's value there), `ns.${a.b}` becomes `ns["a"]["b"]`, and Braze's own filters
# are the few below whose output Braze documents.
require 'json'
require 'active_support'
require 'active_support/core_ext/object/blank'
require 'active_support/core_ext/string/access'
require 'liquid'
require 'digest'
require 'openssl'
require 'base64'
require 'cgi'

ENV['TZ'] = 'UTC'
$stdout.sync = true

module BrazeFilters
  def md5(input) = Digest::MD5.hexdigest(input.to_s)
  def sha1(input) = Digest::SHA1.hexdigest(input.to_s)
  def sha2(input) = Digest::SHA256.hexdigest(input.to_s)
  def hmac_sha1(input, key) = OpenSSL::HMAC.hexdigest('SHA1', key.to_s, input.to_s)
  def hmac_sha256(input, key) = OpenSSL::HMAC.hexdigest('SHA256', key.to_s, input.to_s)
  def hmac_sha256_base64(input, key) = Base64.strict_encode64(OpenSSL::HMAC.digest('SHA256', key.to_s, input.to_s))
  def url_param_escape(input) = CGI.escape(input.to_s).gsub('+', '%20')
  def json_escape(input) = JSON.generate(input.to_s)[1..-2]
  def number_with_delimiter(input)
    whole, fraction = input.to_s.split('.', 2)
    return input.to_s unless whole =~ /\A-?\d+\z/
    [whole.gsub(/(\d)(?=(\d{3})+(?!\d))/, '\\1,'), fraction].compact.join('.')
  end
end

# `ns.${a.b}` reads nested attributes (Braze's documented behaviour).
def braze_source(template)
  template
    .gsub(/(\w)\.\$\{([^}]*)\}/) { $1 + $2.split('.').map { |k| "[#{k.strip.inspect}]" }.join }
    .gsub(/\$\{([^}]*)\}/) { "zb_user[#{$1.strip.inspect}]" }
end

$stdin.each_line do |line|
  request = JSON.parse(line)
  source = request['template']
  filters = []
  # Braze runs Liquid in lax mode; the plain-Liquid dialect follows Shopify's strict mode.
  mode = :strict
  if request['dialect'] == 'braze'
    source = braze_source(source)
    filters = [BrazeFilters]
    mode = :lax
  end
  answer = begin
    template = Liquid::Template.parse(source, error_mode: mode)
    output = template.render(request['data'] || {}, filters: filters)
    { 'output' => output.to_s }
  rescue Liquid::Error => e
    { 'error' => e.to_s }
  rescue StandardError, SystemStackError => e
    { 'error' => "#{e.class}: #{e.message}" }
  end
  $stdout.puts(JSON.generate(answer))
end
