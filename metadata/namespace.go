package metadata

import "strings"

// customSuffixes are the API-name suffixes of custom components
// ("Object Reference: Custom Objects … __c", platform events __e, custom
// metadata __mdt, external objects __x, big objects __b, knowledge __kav/__ka,
// relationship names __r, person-account fields __pc/__pr, geolocation
// components __s, …; developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_custom_objects.htm).
var customSuffixes = map[string]bool{
	"c": true, "mdt": true, "e": true, "x": true, "b": true, "kav": true, "ka": true,
	"r": true, "pc": true, "pr": true, "s": true, "xo": true, "chn": true,
	"Share": true, "History": true, "Feed": true, "ChangeEvent": true, "hd": true,
}

// ParseNamespace returns the managed-package namespace of an API name, or ""
// when the name has none.
//
// Salesforce API names cannot contain two consecutive underscores, so "__"
// only separates a namespace prefix and a type suffix: "npsp__Foo__c" → npsp,
// "HubSpot_Inc__Lead__c" → HubSpot_Inc (a namespace may contain single
// underscores, never "__"), "Foo__c" → "", a validation rule or record type
// "npsp__Rule" → npsp. Geolocation components ("ns__Loc__Latitude__s") and
// qualified names ("Account.ns__Field__c": the part after the last dot) are
// handled. See salesforce-metadata.md §13.
func ParseNamespace(apiName string) string {
	name := stripTokens(apiName)
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	parts := strings.Split(name, "__")
	if len(parts) < 2 {
		return ""
	}
	if customSuffixes[parts[len(parts)-1]] {
		parts = parts[:len(parts)-1]
		// Compound geolocation subfields: Loc__Latitude__s, Loc__Longitude__s.
		if n := len(parts); n >= 2 && (parts[n-1] == "Latitude" || parts[n-1] == "Longitude") && strings.HasSuffix(name, "__s") {
			parts = parts[:n-1]
		}
	}
	if len(parts) < 2 {
		return ""
	}
	ns := parts[0]
	if !validNamespace(ns) {
		return ""
	}
	return ns
}

// validNamespace checks the namespace prefix rules: starts with a letter,
// letters, digits and single underscores, at most 15 characters
// (help.salesforce.com "Register a Namespace Prefix").
func validNamespace(ns string) bool {
	if ns == "" || len(ns) > 15 {
		return false
	}
	c := ns[0]
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		return false
	}
	for i := 1; i < len(ns); i++ {
		c := ns[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return !strings.HasSuffix(ns, "_")
}

// isCustomName reports whether an API name has a custom suffix (__c, __mdt, …).
func isCustomName(name string) bool {
	i := strings.LastIndex(name, "__")
	return i > 0 && customSuffixes[name[i+2:]]
}

// isCustomField reports whether a field API name is a custom field. Custom
// fields end in __c (person-account fields __pc, geolocation parts __s);
// everything else on an object is standard.
func isCustomField(name string) bool {
	lower := strings.ToLower(name)
	return strings.HasSuffix(lower, "__c") || strings.HasSuffix(lower, "__pc") || strings.HasSuffix(lower, "__s")
}

// cumulusTokens are CumulusCI's namespace-injection tokens, each with its
// value in an unmanaged deploy (CumulusCI "namespace_inject": content tokens
// %%%NAMESPACE%%% → "" or "ns__", %%%NAMESPACED_ORG%%% → "", %%%NAMESPACE_DOT%%%
// → "" or "ns.", %%%NAMESPACE_OR_C%%% → "c" or "ns"; file-name tokens
// ___NAMESPACE___ and ___NAMESPACED_ORG___ → ""). The unmanaged values match
// how a source-format package stores its own components: without prefix.
var cumulusTokens = []struct{ token, value string }{
	{"%%%NAMESPACE%%%", ""},
	{"%%%NAMESPACED_ORG%%%", ""},
	{"%%%NAMESPACE_DOT%%%", ""},
	{"%%%NAMESPACED_RT%%%", ""},
	{"%%%NAMESPACE_OR_C%%%", "c"},
	{"%%%NAMESPACED_ORG_OR_C%%%", "c"},
	{"___NAMESPACE___", ""},
	{"___NAMESPACED_ORG___", ""},
}

// stripTokens replaces CumulusCI tokens by their unmanaged values, in one
// pass (NPSP's permission sets have thousands of tokenized names).
func stripTokens(s string) string {
	i := strings.IndexAny(s, "%_")
	if i < 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for i < len(s) {
		j := strings.IndexAny(s[i:], "%_")
		if j < 0 {
			break
		}
		i += j
		matched := false
		for _, t := range cumulusTokens {
			if strings.HasPrefix(s[i:], t.token) {
				if b.Cap() == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[last:i])
				b.WriteString(t.value)
				i += len(t.token)
				last = i
				matched = true
				break
			}
		}
		if !matched {
			i++
		}
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// hasTokens reports whether raw file bytes contain CumulusCI tokens, so
// that only such files pay for stripping.
func hasTokens(data []byte) bool {
	return containsBytes(data, "%%%") || containsBytes(data, "___NAMESPACE")
}

// qualifyCustom prefixes a custom API name with ns when it has none (used
// for installed packages retrieved without their prefix).
func qualifyCustom(ns, name string) string {
	if ns == "" || name == "" || !isCustomName(name) || ParseNamespace(name) != "" {
		return name
	}
	return ns + "__" + name
}

// qualifyComponent prefixes a component developer name (validation rule,
// record type) with ns when it has none.
func qualifyComponent(ns, name string) string {
	if ns == "" || name == "" || ParseNamespace(name) != "" {
		return name
	}
	return ns + "__" + name
}
