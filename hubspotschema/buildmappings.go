package hubspotschema

import (
	"fmt"
	"github.com/synclint/synclint/internal/textdist"
	"path/filepath"
	"strings"

	"github.com/synclint/synclint/config"
)

// BuildMappings turns the config's mappings into the effective mapping:
// each `mappings:` entry ("contacts.industry_vertical" →
// ["Lead.Industry_Vertical__c", …], rule) becomes a Mapping positioned at
// its config entry, merged over DefaultMappings (unless defaultMappings:
// false); each `associations:` entry becomes an AssociationMapping merged
// over DefaultAssociationMappings the same way. Entries that do not parse
// (a bad rule, a reference that is not objectType.property or
// Object.Field) are SL04 diagnostics and are left out.
//
// A mapping without a rule is taken as two-way, the rule under which
// HubSpot writes the most, so that no possible rejection is missed. The
// owner property (hubspot_owner_id) can only be mapped two-way
// (knowledge.hubspot.com/salesforce/map-hubspot-properties-to-salesforce-fields);
// another rule is reported and replaced.
//
// Pos.File is the config file's path relative to its folder (the project
// root in the usual layout). cfg may be nil: the defaults alone.
func BuildMappings(cfg *config.Config) (*MappingSet, []*AssociationMapping, []Diagnostic) {
	useDefaults := cfg == nil || cfg.DefaultMappings == nil || *cfg.DefaultMappings
	var diags []Diagnostic
	var user []*Mapping
	var userAssoc []*AssociationMapping
	if cfg != nil {
		file := configFileName(cfg)
		for _, spec := range cfg.Mappings {
			m, ds := parseMappingSpec(spec, file)
			diags = append(diags, ds...)
			if m != nil {
				user = append(user, m)
			}
		}
		for _, spec := range cfg.Associations {
			a, ds := parseAssociationSpec(spec, file)
			diags = append(diags, ds...)
			if a != nil {
				userAssoc = append(userAssoc, a)
			}
		}
	}
	var defaults []*Mapping
	var defaultAssoc []*AssociationMapping
	if useDefaults {
		defaults = DefaultMappings()
		defaultAssoc = DefaultAssociationMappings()
	}
	return Merge(defaults, user), MergeAssociations(defaultAssoc, userAssoc), diags
}

func configFileName(cfg *config.Config) string {
	if cfg.Path == "" {
		return "synclint.yaml"
	}
	if cfg.Dir != "" {
		if r, err := filepath.Rel(cfg.Dir, cfg.Path); err == nil {
			return filepath.ToSlash(r)
		}
	}
	return filepath.ToSlash(cfg.Path)
}

func parseMappingSpec(spec config.MappingSpec, file string) (*Mapping, []Diagnostic) {
	pos := Pos{File: file, Line: spec.Line, Col: spec.Column}
	bad := func(format string, args ...any) []Diagnostic {
		return []Diagnostic{{Kind: "SL04", Pos: pos, Message: fmt.Sprintf(format, args...)}}
	}
	ref, err := ParsePropertyRef(spec.HubSpot)
	if err != nil {
		return nil, bad("mapping hubspot: %v (want objectType.property, e.g. contacts.industry); the mapping is ignored", err)
	}
	m := &Mapping{HubSpot: ref, Pos: pos, Rule: RuleTwoWay}
	if strings.TrimSpace(spec.Rule) != "" {
		r, err := ParseSyncRule(spec.Rule)
		if err != nil {
			return nil, bad("mapping %s: %v; the mapping is ignored", ref, err)
		}
		m.Rule = r
	}
	var diags []Diagnostic
	seen := map[string]bool{}
	for _, s := range spec.Salesforce {
		f, err := ParseFieldRef(s)
		if err != nil {
			diags = append(diags, bad("mapping %s: salesforce %v (want Object.Field, e.g. Lead.Industry); this target is ignored", ref, err)...)
			continue
		}
		k := strings.ToLower(f.String())
		if seen[k] {
			continue
		}
		seen[k] = true
		m.Salesforce = append(m.Salesforce, f)
	}
	if len(m.Salesforce) == 0 {
		return nil, append(diags, bad("mapping %s has no usable Salesforce field; the mapping is ignored", ref)...)
	}
	if strings.EqualFold(ref.Property, "hubspot_owner_id") && m.Rule != RuleTwoWay && m.Rule != RuleDontSync {
		diags = append(diags, bad("mapping %s: HubSpot maps the owner two-way only (knowledge.hubspot.com/salesforce/map-hubspot-properties-to-salesforce-fields); read as two-way, not %s", ref, m.Rule)...)
		m.Rule = RuleTwoWay
	}
	return m, diags
}

func parseAssociationSpec(spec config.AssociationSpec, file string) (*AssociationMapping, []Diagnostic) {
	pos := Pos{File: file, Line: spec.Line, Col: spec.Column}
	bad := func(format string, args ...any) []Diagnostic {
		return []Diagnostic{{Kind: "SL04", Pos: pos, Message: fmt.Sprintf(format, args...)}}
	}
	from, to, ok := SplitObjectPair(spec.HubSpot)
	if !ok {
		return nil, bad("association hubspot: %q is not from-to (e.g. contacts-companies, deals-contacts); the association is ignored", spec.HubSpot)
	}
	a := &AssociationMapping{From: from, To: to, Label: strings.TrimSpace(spec.Label), Junction: strings.TrimSpace(spec.Junction), Pos: pos}
	if s := strings.TrimSpace(spec.Salesforce); s != "" {
		f, err := ParseFieldRef(s)
		if err != nil {
			return nil, bad("association %s-%s: salesforce %v (want Object.Field, e.g. Contact.AccountId); the association is ignored", from, to, err)
		}
		a.Salesforce = f
	}
	if a.Salesforce.Object == "" && a.Junction == "" {
		return nil, bad("association %s-%s needs salesforce: Object.Field or junction: Object; the association is ignored", from, to)
	}
	return a, nil
}

// MergeAssociations returns defaults with overrides applied, like Merge: a
// user association mapping replaces the defaults of the same from→to pair
// and label that live on the same Salesforce object (lookup object or
// junction), and is added otherwise.
func MergeAssociations(defaults, overrides []*AssociationMapping) []*AssociationMapping {
	target := func(a *AssociationMapping) string {
		if a.Salesforce.Object != "" {
			return strings.ToLower(a.Salesforce.Object)
		}
		return strings.ToLower(a.Junction)
	}
	replaced := map[*AssociationMapping]bool{}
	for _, o := range overrides {
		for _, d := range defaults {
			if d.From == o.From && d.To == o.To && strings.EqualFold(d.Label, o.Label) && target(d) == target(o) {
				replaced[d] = true
			}
		}
	}
	var out []*AssociationMapping
	for _, d := range defaults {
		if !replaced[d] {
			out = append(out, d)
		}
	}
	return append(out, overrides...)
}

// ValidateMappings reports (SL04) each user mapping whose HubSpot property
// is absent from an export that has that object's properties file, with
// the nearest property name as a hint. It is silent when the object's
// properties were not exported. Default mappings are not reported: the
// user did not write them, and a portal may lack a standard property
// without that being a mistake in the config.
func ValidateMappings(set *MappingSet, e *Export) []Diagnostic {
	if set == nil || e == nil || len(e.Objects) == 0 {
		return nil
	}
	var diags []Diagnostic
	for _, m := range set.Mappings {
		if m.Default {
			continue
		}
		obj := e.Object(m.HubSpot.Object)
		if obj == nil || obj.Property(m.HubSpot.Property) != nil {
			continue
		}
		msg := fmt.Sprintf("mapping %s: %s has no property %q (%s)", m.HubSpot, obj.Name, m.HubSpot.Property, obj.Pos.File)
		if hint := suggestProperty(obj, m.HubSpot.Property); hint != "" {
			msg += "; did you mean " + hint + "?"
		}
		diags = append(diags, Diagnostic{Kind: "SL04", Pos: m.Pos, Message: msg, Subject: m.HubSpot.String()})
	}
	return diags
}

// suggestProperty finds the property a mistyped name most likely meant: a
// property whose label is the name (users copy labels from the UI), else
// the closest internal name by edit distance.
func suggestProperty(obj *ObjectType, name string) string {
	want := strings.ToLower(strings.TrimSpace(name))
	normWant := normHeader(want)
	var byLabel []string
	for _, p := range obj.SortedProperties() {
		if strings.EqualFold(strings.TrimSpace(p.Label), want) || (normWant != "" && normHeader(p.Label) == normWant) {
			byLabel = append(byLabel, p.Name)
		}
	}
	if len(byLabel) > 0 {
		return strings.Join(byLabel, " or ")
	}
	best, bestD := "", 0
	for _, p := range obj.SortedProperties() {
		d := textdist.Levenshtein(want, strings.ToLower(p.Name))
		if best == "" || d < bestD || (d == bestD && p.Name < best) {
			best, bestD = p.Name, d
		}
	}
	// Only near misses: a third of the name at most.
	if best != "" && bestD*3 <= len(want)+2 {
		return best
	}
	return ""
}
