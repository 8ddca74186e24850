package hubspotschema

import (
	"fmt"
	"sort"
	"strings"
)

// SyncRule is a mapping's sync rule in HubSpot's Salesforce integration
// settings (knowledge.hubspot.com/salesforce/map-hubspot-properties-to-salesforce-fields).
type SyncRule string

const (
	// RuleTwoWay: "The most recent value will always overwrite any existing values."
	RuleTwoWay SyncRule = "two-way"
	// RulePreferSalesforce: "HubSpot will only pass a value to Salesforce if
	// there's currently no value in Salesforce."
	RulePreferSalesforce SyncRule = "prefer-salesforce"
	// RuleAlwaysSalesforce: "HubSpot will never pass data to Salesforce."
	RuleAlwaysSalesforce SyncRule = "always-salesforce"
	// RuleDontSync: "Data will never pass between HubSpot and Salesforce."
	RuleDontSync SyncRule = "dont-sync"
)

// ParseSyncRule accepts the rule names and a few common spellings
// (two_way, "Prefer Salesforce unless blank", …).
func ParseSyncRule(s string) (SyncRule, error) {
	k := strings.NewReplacer("_", "-", " ", "-").Replace(strings.ToLower(strings.TrimSpace(s)))
	switch k {
	case "two-way", "twoway", "bidirectional":
		return RuleTwoWay, nil
	case "prefer-salesforce", "prefer-salesforce-unless-blank":
		return RulePreferSalesforce, nil
	case "always-salesforce", "always-use-salesforce":
		return RuleAlwaysSalesforce, nil
	case "dont-sync", "don't-sync", "do-not-sync", "none":
		return RuleDontSync, nil
	}
	return "", fmt.Errorf("unknown sync rule %q (want two-way, prefer-salesforce, always-salesforce or dont-sync)", s)
}

// Writes reports whether HubSpot ever writes to Salesforce under this rule:
// only two-way and prefer-Salesforce-unless-blank mappings can be rejected.
func (r SyncRule) Writes() bool { return r == RuleTwoWay || r == RulePreferSalesforce }

// FieldRef names a Salesforce field as Object.Field.
type FieldRef struct {
	Object string `json:"object"`
	Field  string `json:"field"`
}

// String renders Object.Field.
func (f FieldRef) String() string { return f.Object + "." + f.Field }

// ParseFieldRef splits "Object.Field".
func ParseFieldRef(s string) (FieldRef, error) {
	s = strings.TrimSpace(s)
	i := strings.IndexByte(s, '.')
	if i <= 0 || i == len(s)-1 || strings.Count(s, ".") != 1 {
		return FieldRef{}, fmt.Errorf("%q is not Object.Field", s)
	}
	return FieldRef{Object: s[:i], Field: s[i+1:]}, nil
}

// PropertyRef names a HubSpot property as objectType.property.
type PropertyRef struct {
	Object   string `json:"object"`
	Property string `json:"property"`
}

// String renders objectType.property.
func (p PropertyRef) String() string { return p.Object + "." + p.Property }

// ParsePropertyRef splits "objectType.property" and canonicalises the object type.
func ParsePropertyRef(s string) (PropertyRef, error) {
	s = strings.TrimSpace(s)
	i := strings.IndexByte(s, '.')
	if i <= 0 || i == len(s)-1 {
		return PropertyRef{}, fmt.Errorf("%q is not objectType.property", s)
	}
	return PropertyRef{Object: CanonicalObjectType(s[:i]), Property: s[i+1:]}, nil
}

// Mapping connects one HubSpot property to one or more Salesforce fields.
type Mapping struct {
	HubSpot    PropertyRef
	Salesforce []FieldRef
	Rule       SyncRule
	// Default is true for built-in default mappings of the integration.
	Default bool
	// Pos is where a user mapping was declared (synclint.yaml).
	Pos Pos
	// Source explains where a default mapping comes from.
	Source string
}

// Writes reports whether this mapping can push values to Salesforce.
func (m *Mapping) Writes() bool { return m.Rule.Writes() }

// MappingSet is the effective field mapping: defaults merged with the user's.
type MappingSet struct {
	Mappings []*Mapping
}

// ForProperty returns the mappings of a HubSpot property.
func (s *MappingSet) ForProperty(object, property string) []*Mapping {
	var out []*Mapping
	object = CanonicalObjectType(object)
	for _, m := range s.Mappings {
		if m.HubSpot.Object == object && strings.EqualFold(m.HubSpot.Property, property) {
			out = append(out, m)
		}
	}
	return out
}

// ForField returns the mappings that target a Salesforce field.
func (s *MappingSet) ForField(object, field string) []*Mapping {
	var out []*Mapping
	for _, m := range s.Mappings {
		for _, f := range m.Salesforce {
			if strings.EqualFold(f.Object, object) && strings.EqualFold(f.Field, field) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// WritingTargets returns every (mapping, Salesforce field) pair whose rule
// writes, restricted to the given Salesforce object (all objects when empty).
func (s *MappingSet) WritingTargets(object string) []Target {
	var out []Target
	for _, m := range s.Mappings {
		if !m.Writes() {
			continue
		}
		for _, f := range m.Salesforce {
			if object == "" || strings.EqualFold(f.Object, object) {
				out = append(out, Target{Mapping: m, Field: f})
			}
		}
	}
	return out
}

// Target is one Salesforce field a mapping writes.
type Target struct {
	Mapping *Mapping
	Field   FieldRef
}

// Merge returns defaults with overrides applied: a user mapping replaces the
// default mappings of the same HubSpot property whose targets share a
// Salesforce object with it, and is added otherwise. Order is stable:
// defaults first (in their order), then new user mappings.
func Merge(defaults, overrides []*Mapping) *MappingSet {
	replaced := make(map[*Mapping]bool)
	for _, o := range overrides {
		for _, d := range defaults {
			if d.HubSpot.Object != o.HubSpot.Object || !strings.EqualFold(d.HubSpot.Property, o.HubSpot.Property) {
				continue
			}
			if sharesObject(d, o) {
				replaced[d] = true
			}
		}
	}
	set := &MappingSet{}
	for _, d := range defaults {
		if !replaced[d] {
			set.Mappings = append(set.Mappings, d)
		}
	}
	set.Mappings = append(set.Mappings, overrides...)
	return set
}

func sharesObject(a, b *Mapping) bool {
	for _, x := range a.Salesforce {
		for _, y := range b.Salesforce {
			if strings.EqualFold(x.Object, y.Object) {
				return true
			}
		}
	}
	return false
}

// SalesforceObjects returns the Salesforce objects the set writes to, sorted.
func (s *MappingSet) SalesforceObjects() []string {
	seen := map[string]bool{}
	for _, t := range s.WritingTargets("") {
		seen[t.Field.Object] = true
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
