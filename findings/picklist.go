package findings

import (
	"github.com/synclint/synclint/internal/textdist"
	"net/url"
	"strings"

	"github.com/synclint/synclint/hubspotschema"
	"github.com/synclint/synclint/metadata"
)

// PicklistSource describes where a picklist field's values come from and
// whether Salesforce rejects values outside them.
type PicklistSource struct {
	// Values are the field's values (inline, global or standard value set).
	Values []metadata.PicklistValue
	// Pos is where the values are defined (the field, or the value set file).
	Pos metadata.Pos
	// Kind is "inline", "global value set <Name>" or "standard value set <Name>".
	Kind string
	// Restricted is true when the API rejects unknown values.
	Restricted bool
	// RestrictedWhy says why (restricted flag, global value set, stage).
	RestrictedWhy string
	// Builtin is true when the values are Salesforce's defaults because the
	// checkout has no file for the standard value set: the org may differ.
	Builtin bool
	// Known is false when nothing is known about the values (a standard
	// picklist with no value set in the checkout or in built-in knowledge).
	Known bool
}

// restrictedStandardPicklists are standard picklists whose values Salesforce
// validates on every write although standard fields have no "restricted"
// checkbox: an Opportunity's stage drives IsClosed, IsWon, Probability and
// ForecastCategory, so a stage must be one of the OpportunityStage values
// (and of the record type's sales process). Source: Object Reference,
// Opportunity.StageName ("The StageName field controls several other fields
// on an opportunity", developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunity.htm);
// the API answers INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST for unknown stages.
var restrictedStandardPicklists = map[string]string{
	"opportunity.stagename": "an Opportunity stage must be one of the OpportunityStage values",
}

// ResolvePicklist finds the values of a picklist field.
//
// Restriction follows Salesforce's rules: a custom picklist is restricted
// when <restricted>true</restricted> is set, and a field using a global
// value set is always restricted ("A field using a global value set is always
// restricted", help.salesforce.com: Create a Global Picklist Value Set).
// Standard picklists have no restricted flag and accept unknown values
// through the API as inactive values (help: "Picklist Limitations" and
// salesforceben's note that Lead Status "values cannot be restricted"), except
// the stage of an Opportunity (restrictedStandardPicklists).
func ResolvePicklist(org *metadata.Org, f *metadata.Field) PicklistSource {
	src := PicklistSource{Pos: f.Pos}
	pl := f.Picklist
	if pl == nil {
		pl = &metadata.Picklist{}
	}
	switch {
	case pl.GlobalValueSet != "":
		src.Kind = "global value set " + pl.GlobalValueSet
		src.Restricted, src.RestrictedWhy = true, "uses global value set "+pl.GlobalValueSet+" (always restricted)"
		if vs := org.GlobalValueSets[strings.ToLower(pl.GlobalValueSet)]; vs != nil {
			src.Values, src.Pos, src.Known = vs.Values, vs.Pos, true
		}
	case len(pl.Values) > 0:
		src.Kind = "inline"
		src.Values, src.Known = pl.Values, true
		if pl.Pos.File != "" {
			src.Pos = pl.Pos
		}
		if pl.Restricted {
			src.Restricted, src.RestrictedWhy = true, "restricted picklist"
		}
	default:
		name := pl.StandardValueSet
		if name == "" {
			if sf, ok := metadata.StandardField(f.Object, f.Name); ok && sf.Picklist != nil {
				name = sf.Picklist.StandardValueSet
			}
		}
		if name != "" {
			src.Kind = "standard value set " + name
			if vs := org.StandardValueSets[strings.ToLower(name)]; vs != nil {
				src.Values, src.Known, src.Builtin = vs.Values, true, vs.Builtin
				if !vs.Builtin {
					src.Pos = vs.Pos
				}
			} else if vs, ok := metadata.StandardValueSet(name); ok {
				src.Values, src.Known, src.Builtin = vs.Values, true, true
			}
		}
		if pl.Restricted {
			src.Restricted, src.RestrictedWhy = true, "restricted picklist"
		}
	}
	if why, ok := restrictedStandardPicklists[strings.ToLower(f.Object+"."+f.Name)]; ok {
		src.Restricted, src.RestrictedWhy = true, why
	}
	return src
}

// MatchKind is how a HubSpot value relates to a picklist.
type MatchKind int

// Match outcomes, from best to worst.
const (
	MatchExact MatchKind = iota
	// MatchInactive: the value exists but is inactive.
	MatchInactive
	// MatchCase: equal ignoring case only.
	MatchCase
	// MatchSpace: equal once leading/trailing/doubled whitespace is removed
	// (and maybe case).
	MatchSpace
	// MatchNone: no such value.
	MatchNone
)

// PicklistMatch is the outcome of looking a value up.
type PicklistMatch struct {
	Kind MatchKind
	// Value is the Salesforce value matched or nearest (for near misses).
	Value *metadata.PicklistValue
}

// MatchPicklistValue looks a HubSpot value up in a picklist's values.
//
// Salesforce compares picklist API values exactly on restricted picklists;
// case-only differences are "not case sensitive … stored as the first one"
// on unrestricted picklists (help KB 000187910), and a trailing space makes
// another value.
func MatchPicklistValue(values []metadata.PicklistValue, v string) PicklistMatch {
	// Fast path for the common case, an exact value: record checks call
	// this for every record, and the near-miss search below allocates.
	for i := range values {
		if pv := &values[i]; pv.FullName == v {
			if !pv.Active {
				return PicklistMatch{Kind: MatchInactive, Value: pv}
			}
			return PicklistMatch{Kind: MatchExact, Value: pv}
		}
	}
	var caseHit, spaceHit *metadata.PicklistValue
	norm := normalizeSpace(v)
	for i := range values {
		pv := &values[i]
		if pv.FullName == v {
			if !pv.Active {
				return PicklistMatch{Kind: MatchInactive, Value: pv}
			}
			return PicklistMatch{Kind: MatchExact, Value: pv}
		}
		if caseHit == nil && strings.EqualFold(pv.FullName, v) {
			caseHit = pv
		}
		if spaceHit == nil && strings.EqualFold(normalizeSpace(pv.FullName), norm) {
			spaceHit = pv
		}
	}
	if caseHit != nil {
		return PicklistMatch{Kind: MatchCase, Value: caseHit}
	}
	if spaceHit != nil {
		return PicklistMatch{Kind: MatchSpace, Value: spaceHit}
	}
	return PicklistMatch{Kind: MatchNone, Value: nearestValue(values, v)}
}

func normalizeSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, isSpaceRune), " ")
}

func isSpaceRune(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\u00a0', '\u2007', '\u202f', '\u200b', '\ufeff':
		return true
	}
	return false
}

// nearestValue returns the active value with the smallest edit distance to v
// when it is close enough to be a plausible typo.
func nearestValue(values []metadata.PicklistValue, v string) *metadata.PicklistValue {
	var best *metadata.PicklistValue
	bestD := 1 << 30
	lv := strings.ToLower(v)
	for i := range values {
		if !values[i].Active {
			continue
		}
		d := textdist.Levenshtein(lv, strings.ToLower(values[i].FullName))
		if d < bestD {
			best, bestD = &values[i], d
		}
	}
	if best == nil {
		return nil
	}
	limit := len([]rune(v)) / 3
	if limit < 1 {
		limit = 1
	}
	if bestD > limit {
		return nil
	}
	return best
}

// DomainValue is one value a HubSpot property can hold.
type DomainValue struct {
	// Value is what the integration sends.
	Value string
	Label string
	// Hidden options still exist on records and still sync.
	Hidden bool
	// Origin: option, stage, owner.
	Origin string
}

// PropertyDomain returns the finite set of values a HubSpot property can
// hold: its options, or for properties whose options live elsewhere
// (externalOptions) the pipeline stages or owners. ok is false when the
// property is free-form (text, number, …) or its options are unknown.
func PropertyDomain(hs *hubspotschema.Export, p *hubspotschema.Property) (vals []DomainValue, ok bool) {
	if p == nil {
		return nil, false
	}
	if len(p.Options) > 0 {
		for _, o := range p.Options {
			vals = append(vals, DomainValue{Value: o.Value, Label: o.Label, Hidden: o.Hidden, Origin: "option"})
		}
		return vals, true
	}
	if !p.ExternalOptions {
		return nil, false
	}
	switch {
	case strings.EqualFold(p.ReferencedObjectType, "OWNER") || p.Name == "hubspot_owner_id":
		if len(hs.Owners) == 0 {
			return nil, false
		}
		for _, o := range hs.Owners {
			vals = append(vals, DomainValue{Value: o.ID, Label: strings.TrimSpace(o.FirstName + " " + o.LastName), Hidden: o.Archived, Origin: "owner"})
		}
		return vals, true
	case p.Name == "dealstage" || p.Name == "hs_pipeline_stage":
		pipes := hs.Pipelines[hubspotschema.CanonicalObjectType(p.ObjectType)]
		if len(pipes) == 0 {
			return nil, false
		}
		for _, pl := range pipes {
			for _, s := range pl.Stages {
				vals = append(vals, DomainValue{Value: s.ID, Label: s.Label, Hidden: s.Archived || pl.Archived, Origin: "stage"})
			}
		}
		return vals, true
	}
	return nil, false
}

// decodeRecordTypeValue undoes the percent-encoding record types use for
// picklist values (salesforce-metadata.md §5); the loader already decodes,
// this guards values coming from elsewhere.
func decodeRecordTypeValue(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}
