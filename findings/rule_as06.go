package findings

import (
	"fmt"
	"strings"
)

// AS06 finds HubSpot associations that allow many records where Salesforce
// has a single lookup.
var AS06 = Register(&Rule{
	ID:        "AS06",
	Name:      "association-cardinality-mismatch",
	Title:     "Association structure Salesforce cannot hold",
	Category:  CategoryAssociation,
	Severity:  Warning,
	Precision: PrecisionHigh,
	Bucket:    BucketAssociations,
	Tags:      []string{"association", "cardinality", "lookup"},
	Summary:   "A HubSpot association lets one record relate to many records of the other object, but Salesforce holds it in a single lookup and has no junction object: all but one of the associated records are lost.",
	Doc: `An association mapping onto a lookup (Opportunity.AccountId,
Project__c.Account__c) can hold one parent per record. HubSpot associations
are many-to-many unless limited: the object schema states each direction's
cardinality and limit (cardinality ONE_TO_MANY / ONE_TO_ONE, maxToObjectIds;
"Custom limits can only be lower than the subscription limits";
hubspot-exports.md §2.4,
developers.hubspot.com/changelog/introducing-custom-association-limits-for-associations-api),
and a deal may have several companies with one of them primary.

What is checked statically: for every association mapping onto a lookup
between two synced objects, the number of records the lookup's side may be
associated with: from schemas.json (the pair's definition in either
direction: cardinality or maxToObjectIds from the lookup's side,
inverseCardinality or maxFromObjectIds from the other side) or, for
standard pairs without a schema, HubSpot's defaults (a deal can have many
companies). "At most one" fits the lookup; more is reported unless the
checkout has a junction object that can hold the other records. Contacts
with several companies are AS02's.

With records: the association export of the pair is read once and the
records associated with two or more distinct records on the other side are
counted.`,
	Fix: "Limit the HubSpot association to one record (a custom association limit of 1, or the primary label), or model the relationship with a junction object in Salesforce.",
	Run: runAS06,
})

// standardMany lists standard HubSpot pairs whose "from" record may have
// many "to" records by default (HubSpot associations are many-to-many; a
// deal's primary company is one of its companies). Source: hubspot-exports.md
// §2.4 (deal→company types 341 unlabeled and 5 primary).
var standardMany = map[string]bool{
	"deals|companies":    true,
	"deals|contacts":     true,
	"tickets|companies":  true,
	"tickets|contacts":   true,
	"contacts|companies": true,
}

func runAS06(p *Pass) {
	model := Relations(p)
	done := map[string]bool{}
	for _, ap := range model.Pairs {
		for _, at := range ap.Mappings {
			m := at.Mapping
			if m.Salesforce.Object == "" || at.From == nil || !writes(at.From) {
				continue
			}
			if m.From == "contacts" && m.To == "companies" {
				continue // AS02
			}
			key := m.From + "|" + m.To
			if done[key] {
				continue
			}
			many, why, loc := associationMany(p, ap, m.From, m.To)
			if !many {
				continue
			}
			if junctionFor(p, ap) != "" {
				continue
			}
			done[key] = true
			reportAS06(p, at, why, loc)
		}
	}
}

// associationMany reports whether a record of from may be associated with
// several records of to, why, and where that is stated.
func associationMany(p *Pass, ap *AssociationPair, from, to string) (bool, string, Location) {
	for _, sa := range ap.Schema {
		d := sa.Def
		loc := Location{File: d.Pos.File, Line: d.Pos.Line, Column: d.Pos.Col}
		switch {
		case sa.From == from && sa.To == to:
			if d.Cardinality == "ONE_TO_ONE" || d.MaxToObjectIDs == 1 {
				return false, "", loc
			}
			return true, fmt.Sprintf("schema association %s (id %s): cardinality %s, maxToObjectIds %d", d.Name, d.ID, d.Cardinality, d.MaxToObjectIDs), loc
		case sa.From == to && sa.To == from:
			if d.InverseCardinality == "ONE_TO_ONE" || d.MaxFromObjectIDs == 1 {
				return false, "", loc
			}
			return true, fmt.Sprintf("schema association %s (id %s): inverseCardinality %s, maxFromObjectIds %d", d.Name, d.ID, d.InverseCardinality, d.MaxFromObjectIDs), loc
		}
	}
	if standardMany[from+"|"+to] {
		loc := Location{}
		for _, al := range ap.Labels {
			for _, l := range al.Labels {
				if l.Label == "" && l.Pos.File != "" {
					loc = Location{File: l.Pos.File, Line: l.Pos.Line, Column: l.Pos.Col}
					break
				}
			}
			if loc.File == "" && al.Pos.File != "" {
				loc = Location{File: al.Pos.File, Line: al.Pos.Line}
			}
		}
		return true, fmt.Sprintf("HubSpot lets a %s record have many %s (unlabeled association) with one primary", singularObject(from), to), loc
	}
	return false, "", Location{}
}

func singularObject(hs string) string {
	switch hs {
	case "companies":
		return "company"
	}
	return strings.TrimSuffix(hs, "s")
}

func reportAS06(p *Pass, at *AssociationTarget, why string, loc Location) {
	m := at.Mapping
	field := m.Salesforce.String()
	if at.Field != nil {
		field = at.Field.QualifiedName()
	}
	if loc.File == "" {
		if m.Pos.File != "" {
			loc = Location{File: m.Pos.File, Line: m.Pos.Line, Column: m.Pos.Col}
		} else {
			loc = p.FieldLocation(at.From, at.Field)
		}
	}
	parent := singularObject(m.To)
	if at.To != nil {
		parent = at.To.Name
	}
	ev := Evidence{}.Add("HubSpot", why).
		Add("Salesforce", fmt.Sprintf("%s holds one %s; no junction object in the checkout", field, parent))
	if len(m.TypeIDs) > 0 {
		ev = ev.Add("mapping", fmt.Sprintf("%s carries association type %v only", m.String(), m.TypeIDs))
	}
	f := &Finding{
		Message:   fmt.Sprintf("a HubSpot %s can be associated with several %s, but %s holds one: the other associations never reach Salesforce", singularObject(m.From), m.To, field),
		Location:  loc,
		Component: m.From + " <-> " + m.To,
		Object:    m.Salesforce.Object,
		Field:     m.Salesforce.Field,
		Key:       m.From + "|" + m.To,
		Evidence:  ev,
		Fix:       fmt.Sprintf("Set a custom association limit of 1 on %s→%s in HubSpot (or rely on the primary label), or add a junction object between the two Salesforce objects and map the association to it.", m.From, m.To),
	}
	from, to := m.From, m.To
	p.OnAssociations(from, to, false, func(s *AssociationSummary) {
		f.Records = &RecordStats{File: s.File, Checked: s.FromIDs, Failing: s.Multi, Examples: s.MultiExamples}
		if s.Multi > 0 {
			f.Message = fmt.Sprintf("%d of %d %s in %s are associated with several %s, but %s holds one: the other associations never reach Salesforce", s.Multi, s.FromIDs, from, s.File, to, field)
		}
	})
	p.ReportDeferred(f)
}
