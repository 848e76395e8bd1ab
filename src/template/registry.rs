//! The one list of what templates can use: Braze's personalization tags (with the profile field
//! each one reads), its namespaces, the Liquid tags, and every filter with the dialects that have
//! it, whether its output is safe inside a JSON string, and its description in the catalogue
//! (`assets/i18n/*/registry.ftl`). The engine, the linter's escaping rule, the editor's Insert menu
//! and completion, and the README's filter table are all read from here.

use super::Dialect;
use super::filters::{FilterFn, braze as bz, standard as st};

/// A set of dialects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialects(u8);

impl Dialects {
    pub const LIQUID: Dialects = Dialects(1);
    pub const BRAZE: Dialects = Dialects(2);
    pub const ZENDESK: Dialects = Dialects(4);
    pub const ALL: Dialects = Dialects(7);

    pub const fn with(self, other: Dialects) -> Dialects {
        Dialects(self.0 | other.0)
    }

    pub fn contains(self, dialect: Dialect) -> bool {
        let bit = match dialect {
            Dialect::Liquid => Self::LIQUID.0,
            Dialect::Braze => Self::BRAZE.0,
            Dialect::Zendesk => Self::ZENDESK.0,
        };
        self.0 & bit != 0
    }
}

const ALL: Dialects = Dialects::ALL;
const L: Dialects = Dialects::LIQUID;
const B: Dialects = Dialects::BRAZE;
const Z: Dialects = Dialects::ZENDESK;
const LZ: Dialects = Dialects::LIQUID.with(Dialects::ZENDESK);
const LB: Dialects = Dialects::LIQUID.with(Dialects::BRAZE);

/// One filter.
pub struct FilterDef {
    pub name: &'static str,
    /// The Ruby method's parameters, the piped value included: `(min, max)`, `None` unbounded.
    pub arity: (usize, Option<usize>),
    pub dialects: Dialects,
    /// Its output cannot break a JSON string: it escapes, encodes, hashes or gives a number.
    pub escapes_json: bool,
    /// The catalogue id of its description.
    pub description: &'static str,
    /// How it is called, for the README and the editor (`| truncate: 20, '…'`).
    pub usage: &'static str,
    pub run: FilterFn,
}

macro_rules! filters {
    ($( $name:literal $min:literal..$max:tt $dialects:ident $escapes:literal $run:path, $usage:literal; )*) => {
        pub static FILTERS: &[FilterDef] = &[$(
            FilterDef {
                name: $name,
                arity: ($min, filters!(@max $max)),
                dialects: $dialects,
                escapes_json: $escapes,
                description: concat!("filter-", $name),
                usage: $usage,
                run: $run,
            },
        )*];
    };
    (@max _) => { None };
    (@max $n:literal) => { Some($n) };
}

filters! {
    "abs" 1..1 ALL true st::abs, "| abs";
    "append" 2..2 ALL false st::append, "| append: ' EUR'";
    "at_least" 2..2 ALL true st::at_least, "| at_least: 0";
    "at_most" 2..2 ALL true st::at_most, "| at_most: 100";
    "base64_decode" 1..1 LB false st::base64_decode, "| base64_decode";
    "base64_encode" 1..1 LB true st::base64_encode, "| base64_encode";
    "base64_url_safe_decode" 1..1 LB false st::base64_url_safe_decode, "| base64_url_safe_decode";
    "base64_url_safe_encode" 1..1 LB true st::base64_url_safe_encode, "| base64_url_safe_encode";
    "capitalize" 1..1 ALL false st::capitalize, "| capitalize";
    "ceil" 1..1 ALL true st::ceil, "| ceil";
    "compact" 1..2 ALL false st::compact, "| compact";
    "concat" 2..2 ALL false st::concat, "| concat: other_list";
    "date" 2..2 ALL true st::date, "| date: '%Y-%m-%d'";
    "default" 1..3 ALL false st::default, "| default: 'there'";
    "divided_by" 2..2 ALL true st::divided_by, "| divided_by: 2";
    "downcase" 1..1 ALL false st::downcase, "| downcase";
    "escape" 1..1 ALL false st::escape, "| escape";
    "escape_once" 1..1 ALL false st::escape_once, "| escape_once";
    "find" 2..3 L false st::find, "| find: 'sku', 'A1'";
    "find_index" 2..3 L true st::find_index, "| find_index: 'sku', 'A1'";
    "first" 1..1 ALL false st::first, "| first";
    "floor" 1..1 ALL true st::floor, "| floor";
    "h" 1..1 ALL false st::escape, "| h";
    "has" 2..3 L true st::has, "| has: 'active'";
    "join" 1..2 ALL false st::join, "| join: ', '";
    "last" 1..1 ALL false st::last, "| last";
    "lstrip" 1..1 LZ false st::lstrip, "| lstrip";
    "map" 2..2 ALL false st::map, "| map: 'name'";
    "minus" 2..2 ALL true st::minus, "| minus: 1";
    "modulo" 2..2 ALL true st::modulo, "| modulo: 2";
    "newline_to_br" 1..1 ALL false st::newline_to_br, "| newline_to_br";
    "plus" 2..2 ALL true st::plus, "| plus: 1";
    "prepend" 2..2 ALL false st::prepend, "| prepend: 'Dear '";
    "reject" 2..3 L false st::reject, "| reject: 'active'";
    "remove" 2..2 ALL false st::remove, "| remove: 'x'";
    "remove_first" 2..2 ALL false st::remove_first, "| remove_first: 'x'";
    "remove_last" 2..2 ALL false st::remove_last, "| remove_last: 'x'";
    "replace" 2..3 ALL false st::replace, "| replace: 'a', 'b'";
    "replace_first" 2..3 ALL false st::replace_first, "| replace_first: 'a', 'b'";
    "replace_last" 3..3 ALL false st::replace_last, "| replace_last: 'a', 'b'";
    "reverse" 1..1 ALL false st::reverse, "| reverse";
    "round" 1..2 ALL true st::round, "| round: 2";
    "rstrip" 1..1 LZ false st::rstrip, "| rstrip";
    "size" 1..1 ALL true st::size, "| size";
    "slice" 2..3 ALL false st::slice, "| slice: 0, 5";
    "sort" 1..2 ALL false st::sort, "| sort: 'price'";
    "sort_natural" 1..2 ALL false st::sort_natural, "| sort_natural";
    "split" 2..2 ALL false st::split, "| split: ','";
    "strip" 1..1 ALL false st::strip, "| strip";
    "strip_html" 1..1 ALL false st::strip_html, "| strip_html";
    "strip_newlines" 1..1 ALL false st::strip_newlines, "| strip_newlines";
    "sum" 1..2 L true st::sum, "| sum: 'price'";
    "times" 2..2 ALL true st::times, "| times: 2";
    "truncate" 1..3 ALL false st::truncate, "| truncate: 20, '…'";
    "truncatewords" 1..3 ALL false st::truncatewords, "| truncatewords: 5";
    "uniq" 1..2 ALL false st::uniq, "| uniq";
    "upcase" 1..1 ALL false st::upcase, "| upcase";
    "url_decode" 1..1 ALL false st::url_decode, "| url_decode";
    "url_encode" 1..1 ALL true st::url_encode, "| url_encode";
    "where" 2..3 ALL false st::where_, "| where: 'active', true";
    "as_json_string" 1..1 B false bz::as_json_string, "| as_json_string";
    "hmac_sha1" 2..2 B true bz::hmac_sha1_hex, "| hmac_sha1: 'key'";
    "hmac_sha1_base64" 2..2 B true bz::hmac_sha1_base64, "| hmac_sha1_base64: 'key'";
    "hmac_sha1_hex" 2..2 B true bz::hmac_sha1_hex, "| hmac_sha1_hex: 'key'";
    "hmac_sha256" 2..2 B true bz::hmac_sha256_hex, "| hmac_sha256: 'key'";
    "hmac_sha256_base64" 2..2 B true bz::hmac_sha256_base64, "| hmac_sha256_base64: 'key'";
    "hmac_sha256_hex" 2..2 B true bz::hmac_sha256_hex, "| hmac_sha256_hex: 'key'";
    "hmac_sha512" 2..2 B true bz::hmac_sha512, "| hmac_sha512: 'key'";
    "json_escape" 1..1 B true bz::json_escape, "| json_escape";
    "json_parse" 1..1 B false bz::json_parse, "| json_parse";
    "md5" 1..1 B true bz::md5, "| md5";
    "money" 1..1 B true bz::money, "| money";
    "number_with_delimiter" 1..1 B true bz::number_with_delimiter, "| number_with_delimiter";
    "property_accessor" 2..2 B false bz::property_accessor, "| property_accessor: 'key'";
    "sha1" 1..1 B true bz::sha1, "| sha1";
    "sha2" 1..1 B true bz::sha2, "| sha2";
    "time_zone" 2..2 B false bz::time_zone, "| time_zone: 'America/Chicago'";
    "url_escape" 1..1 B true bz::url_escape, "| url_escape";
    "url_param_escape" 1..1 B true bz::url_param_escape, "| url_param_escape";
}

impl std::fmt::Debug for FilterDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "filter {}", self.name)
    }
}

/// A filter by name, whatever its dialects.
pub fn filter(name: &str) -> Option<&'static FilterDef> {
    FILTERS.iter().find(|f| f.name == name)
}

/// Filters of a dialect, by name.
pub fn filters_of(dialect: Dialect) -> impl Iterator<Item = &'static FilterDef> {
    FILTERS.iter().filter(move |f| f.dialects.contains(dialect))
}

/// Whether a filter's output is safe inside a JSON string (the linter's escaping rule).
pub fn escapes_json(name: &str) -> bool {
    filter(name).is_some_and(|f| f.escapes_json)
}

/// Standard filters Braze documents as unsupported.
pub const BRAZE_UNSUPPORTED: &[&str] = &[
    "find_index",
    "camelize",
    "handleize",
    "pluralize",
    "lstrip",
    "rstrip",
    "money_with_currency",
    "money_without_currency",
    "format_address",
    "highlight",
    "color_to_rgb",
    "color_to_hsl",
    "color_to_hex",
    "color_extract",
    "color_brightness",
    "color_modify",
    "color_lighten",
    "color_darken",
    "color_saturate",
    "color_desaturate",
    "color_mix",
    "color_contrast",
    "color_difference",
    "brightness_difference",
    "font_face",
    "font_modify",
    "font_url",
];

/// Filters newer than Liquid 5.4, which Braze does not run. (`base64_url_safe_encode` and
/// `base64_url_safe_decode` are in 5.4.0's standard filters, so Braze has them.)
pub const NEWER_THAN_LIQUID_5: &[&str] = &["sum", "has", "find", "find_index", "reject"];

/// Where a Braze personalization tag reads its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A field of the user object `/users/export/ids` returns.
    Profile(&'static str),
    /// Filled by Braze when it sends (unsubscribe links): empty in a preview.
    SendTime,
}

/// One of Braze's supported personalization tags, `${name}`.
pub struct AttributeTag {
    pub name: &'static str,
    pub source: Source,
    pub description: &'static str,
}

macro_rules! attribute_tags {
    ($( $name:literal => $source:expr; )*) => {
        /// Braze's "Supported personalization tags", each with the field it reads.
        pub static ATTRIBUTE_TAGS: &[AttributeTag] = &[$(
            AttributeTag { name: $name, source: $source, description: concat!("tag-", $name) },
        )*];
    };
}

attribute_tags! {
    "first_name" => Source::Profile("first_name");
    "last_name" => Source::Profile("last_name");
    "email_address" => Source::Profile("email");
    "phone_number" => Source::Profile("phone");
    "date_of_birth" => Source::Profile("dob");
    "city" => Source::Profile("home_city");
    "country" => Source::Profile("country");
    "language" => Source::Profile("language");
    "gender" => Source::Profile("gender");
    "time_zone" => Source::Profile("time_zone");
    "user_id" => Source::Profile("external_id");
    "braze_id" => Source::Profile("braze_id");
    "most_recent_app_version" => Source::Profile("most_recent_app_version");
    "most_recent_locale" => Source::Profile("most_recent_locale");
    "most_recent_location" => Source::Profile("most_recent_location");
    "last_used_app_date" => Source::Profile("last_used_app_date");
    "random_bucket_number" => Source::Profile("random_bucket");
    "set_user_to_unsubscribed_url" => Source::SendTime;
    "set_user_to_subscribed_url" => Source::SendTime;
    "set_user_to_opted_in_url" => Source::SendTime;
}

pub fn attribute_tag(name: &str) -> Option<&'static AttributeTag> {
    ATTRIBUTE_TAGS.iter().find(|t| t.name == name)
}

/// The tag a marketer probably meant by an unknown `${name}`: the tag that reads a profile
/// field of that name (`email` → `email_address`), else the nearest tag by spelling.
pub fn probable_tag(name: &str) -> Option<&'static str> {
    let by_field = ATTRIBUTE_TAGS
        .iter()
        .find(|t| matches!(t.source, Source::Profile(field) if field == name))
        .map(|t| t.name);
    by_field.or_else(|| {
        let aliases = [
            ("email", "email_address"),
            ("mail", "email_address"),
            ("phone", "phone_number"),
            ("mobile", "phone_number"),
            ("dob", "date_of_birth"),
            ("birthday", "date_of_birth"),
            ("home_city", "city"),
            ("external_id", "user_id"),
            ("id", "user_id"),
            ("firstname", "first_name"),
            ("lastname", "last_name"),
            ("timezone", "time_zone"),
            ("unsubscribe_url", "set_user_to_unsubscribed_url"),
        ];
        aliases
            .iter()
            .find(|(alias, _)| *alias == name)
            .map(|(_, tag)| *tag)
            .or_else(|| {
                ATTRIBUTE_TAGS
                    .iter()
                    .map(|t| (super::strsim_distance(name, t.name), t.name))
                    .filter(|(d, _)| *d <= 3)
                    .min()
                    .map(|(_, t)| t)
            })
    })
}

/// The README's filter table (between `<!-- filters:begin -->` and `<!-- filters:end -->`),
/// made from [`FILTERS`] and the English catalogue; a test keeps the README equal to it.
pub fn readme_filter_table() -> String {
    use crate::i18n::{Catalogue, Language};
    let english = Catalogue::get(Language::English);
    let mark = |yes: bool| if yes { "✓" } else { "" };
    let mut names: Vec<&FilterDef> = FILTERS.iter().collect();
    names.sort_by_key(|f| f.name);
    let mut out = String::from(
        "| filter | usage | braze | zendesk | liquid | safe in a JSON string | what it does |\n\
         |---|---|:-:|:-:|:-:|:-:|---|\n",
    );
    for f in names {
        out.push_str(&format!(
            "| `{}` | `{}` | {} | {} | {} | {} | {} |\n",
            f.name,
            f.usage.replace('|', "\\|"),
            mark(f.dialects.contains(Dialect::Braze)),
            mark(f.dialects.contains(Dialect::Zendesk)),
            mark(f.dialects.contains(Dialect::Liquid)),
            mark(f.escapes_json),
            english.tr(f.description),
        ));
    }
    out
}

/// A Braze namespace, `name.${key}`.
pub struct Namespace {
    pub name: &'static str,
    /// Keys Braze documents (others come from the sample data).
    pub keys: &'static [&'static str],
    pub description: &'static str,
}

macro_rules! namespaces {
    ($( $name:literal [$($key:literal),*]; )*) => {
        pub static NAMESPACES: &[Namespace] = &[$(
            Namespace { name: $name, keys: &[$($key),*], description: concat!("namespace-", $name) },
        )*];
    };
}

namespaces! {
    "custom_attribute" [];
    "event_properties" [];
    "api_trigger_properties" [];
    "canvas_entry_properties" [];
    "context" [];
    "campaign" ["api_id", "dispatch_id", "name", "message_name", "message_api_id"];
    "canvas" ["name", "api_id", "variant_name", "variant_api_id"];
    "card" ["api_id", "name"];
    "app" ["api_id", "name"];
    "most_recently_used_device" ["id", "carrier", "idfa", "model", "os", "platform", "google_ad_id", "roku_ad_id", "foreground_push_enabled"];
    "targeted_device" ["id", "carrier", "idfa", "model", "os", "platform", "google_ad_id", "roku_ad_id", "foreground_push_enabled"];
    "subscribed_state" ["email_global"];
    "sms" ["inbound_message_body", "inbound_media_urls"];
}

/// Namespaces a render context fills (`event_properties.${…}` and the like).
pub const CONTEXT_NAMESPACES: &[&str] = &[
    "event_properties",
    "api_trigger_properties",
    "canvas_entry_properties",
    "context",
    "campaign",
    "canvas",
    "card",
    "app",
];

/// A Liquid tag the editor offers, with what it inserts.
pub struct TagSnippet {
    pub label: &'static str,
    pub insert: &'static str,
    pub dialects: Dialects,
    pub description: &'static str,
}

macro_rules! snippets {
    ($( $id:literal $label:literal $dialects:ident $insert:literal; )*) => {
        pub static SNIPPETS: &[TagSnippet] = &[$(
            TagSnippet { label: $label, insert: $insert, dialects: $dialects, description: concat!("snippet-", $id) },
        )*];
    };
}

snippets! {
    "abort-message" "abort_message" B "{% abort_message('reason') %}";
    "abort-if-blank" "if … blank" B "{% if ${email_address} == blank %}{% abort_message('no email') %}{% endif %}";
    "assign" "assign" ALL "{% assign name = value %}";
    "capture" "capture" ALL "{% capture name %}{% endcapture %}";
    "if" "if" ALL "{% if condition %}{% endif %}";
    "for" "for" ALL "{% for item in list %}{% endfor %}";
    "case" "case" ALL "{% case value %}{% when 'a' %}{% else %}{% endcase %}";
    "connected-content" "connected_content" B "{% connected_content https://example.com :save result %}";
    "catalog-items" "catalog_items" B "{% catalog_items catalog_name item_id %}";
    "content-blocks" "content_blocks" B "{{content_blocks.${name}}}";
    "requester-guard" "if … requester" Z "{% if ticket.requester.external_id %}{% endif %}";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        let mut names: Vec<&str> = FILTERS.iter().map(|f| f.name).collect();
        names.sort();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }

    /// The README lists exactly the registry's filters. To refresh it after changing the
    /// registry: `ZENBRAZE_WRITE_README=1 cargo test --lib readme_filter_table`.
    #[test]
    fn readme_filter_table_is_the_registry() {
        let readme = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"));
        let table = readme_filter_table();
        let block = crate::about::readme_block;
        block(
            readme,
            "<!-- filters:begin -->\n",
            "<!-- filters:end -->",
            &table,
        )
        .unwrap();
    }

    #[test]
    fn export_field_names_point_at_their_tag() {
        assert_eq!(probable_tag("email"), Some("email_address"));
        assert_eq!(probable_tag("dob"), Some("date_of_birth"));
        assert_eq!(probable_tag("phone"), Some("phone_number"));
        assert_eq!(probable_tag("home_city"), Some("city"));
        assert_eq!(probable_tag("external_id"), Some("user_id"));
        assert_eq!(probable_tag("frist_name"), Some("first_name"));
    }

    #[test]
    fn every_description_is_in_both_catalogues() {
        use crate::i18n::{Catalogue, Language};
        let ids = FILTERS
            .iter()
            .map(|f| f.description)
            .chain(ATTRIBUTE_TAGS.iter().map(|t| t.description))
            .chain(NAMESPACES.iter().map(|n| n.description))
            .chain(SNIPPETS.iter().map(|s| s.description));
        for id in ids {
            for lang in Language::ALL {
                assert!(
                    Catalogue::keys(lang).iter().any(|k| k == id),
                    "{lang:?} has no `{id}`"
                );
            }
        }
    }
}
