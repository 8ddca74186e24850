package findings

import (
	"fmt"
	"strings"

	"github.com/synclint/synclint/metadata"
)

// AS03 finds lookups the integration writes that Salesforce may not
// resolve.
var AS03 = Register(&Rule{
	ID:        "AS03",
	Name:      "lookup-unresolvable",
	Title:     "Lookup that cannot be resolved",
	Category:  CategoryAssociation,
	Severity:  Warning,
	Precision: PrecisionMedium,
	Bucket:    BucketAssociations,
	Tags:      []string{"lookup", "lookup-filter", "sharing", "association"},
	Summary:   "A lookup the integration writes has a required lookup filter, points at an object HubSpot does not sync, or points at records the integration user may not be able to see.",
	Doc: `The integration writes lookups two ways: association mappings
(Contact.AccountId from the contact's primary company, custom object
associations under associations:) and field mappings of HubSpot properties
that hold a Salesforce record id (deals.partner_account_sfid →
Opportunity.Partner_Account__c). Salesforce resolves the id on save and
rejects it when:

- **a required lookup filter** does not match the target ("Required lookup
  filters … prevent users from saving a record whose lookup value doesn't
  meet the filter criteria"; the API answers FIELD_FILTER_VALIDATION_EXCEPTION;
  Salesforce Help: Lookup Filters; Metadata API LookupFilter.isOptional).
  Active, non-optional filters are errors; optional filters only warn users
  and are not reported.
- **the target object does not sync** (a field mapping writes an id of an
  object no HubSpot object syncs, e.g. Campaign): nothing guarantees the id
  exists in this org, and a deleted or foreign id fails with
  INVALID_CROSS_REFERENCE_KEY. A warning.
- **the integration user may not see the target record**: the target
  object's org-wide default is Private and neither the integration user's
  profile and permission sets (View All / Modify All on the object) nor its
  system permissions (View All Data, Modify All Data) open every record.
  Saving a lookup to a record the user cannot read fails with
  INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY. Sharing rules and the role
  hierarchy may still grant access, which the checkout does not show, so
  this is a warning ("may").

Owner lookups (OwnerId) are PV08's; record types are not lookups here.
With records nothing is counted (the records hold HubSpot ids, not the
target's field values).`,
	Fix: "Make the lookup filter optional or exempt the integration user in it, sync the target object, or give the integration user View All on the target object.",
	Run: runAS03,
})

func runAS03(p *Pass) {
	acc := integrationAccess(p)
	for _, r := range Relations(p).Relations {
		if !writes(r.Child) || !r.Filled() {
			continue
		}
		f := r.Field
		prop, how := relationSource(r)
		if lf := f.LookupFilter; lf != nil && lf.Active && !lf.IsOptional {
			reportAS03Filter(p, r, lf, prop, how)
		}
		if len(r.Targets) > 0 && r.ParentSync == nil && !isOwnerLike(r.Parent) {
			ev := Evidence{}.Add("lookup", fmt.Sprintf("%s → %s", f.QualifiedName(), r.Parent)).
				Add("written from", how).
				Add("target", r.Parent+" is not an object the integration syncs")
			p.Report(Finding{
				Message:         fmt.Sprintf("%s is written from %s with ids of %s records, an object HubSpot does not sync: an id that does not exist in this org (deleted, from another org, mistyped) is rejected", f.QualifiedName(), prop, r.Parent),
				Location:        p.FieldLocation(r.Child, f),
				Object:          f.Object,
				Field:           f.Name,
				HubSpotProperty: prop,
				Key:             "target",
				Evidence:        ev,
				Fix:             fmt.Sprintf("Keep %s values in HubSpot in step with Salesforce (e.g. fill them from Salesforce only: always-use-Salesforce), or stop mapping %s.", prop, f.QualifiedName()),
			})
		}
		if acc.Known() {
			if po := LookupObject(p.Org, r.Parent); po != nil && strings.EqualFold(po.SharingModel, "Private") && !acc.SeesAll(po.Name) {
				ev := Evidence{}.Add("lookup", fmt.Sprintf("%s → %s", f.QualifiedName(), po.Name)).
					Add("written from", how).
					Add("sharing", fmt.Sprintf("%s org-wide default Private (%s)", po.Name, po.Pos)).
					Add("integration user", "no View All or Modify All on "+po.Name+" and no View All Data in "+holderNames(acc.Holders))
				p.Report(Finding{
					Message:         fmt.Sprintf("%s points at %s, whose records are private, and the integration user has no View All on %s: a lookup to a record the user cannot see may be rejected (INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY)", f.QualifiedName(), po.Name, po.Name),
					Location:        p.FieldLocation(r.Child, f),
					Object:          f.Object,
					Field:           f.Name,
					HubSpotProperty: prop,
					Key:             "sharing",
					Evidence:        ev,
					Fix:             fmt.Sprintf("Give the integration user's permission set View All on %s, or share the records it must reference with the integration user.", po.Name),
				})
			}
		}
	}
}

// relationSource names what fills a relation: the HubSpot property of a
// field mapping, or the association.
func relationSource(r *Relation) (prop, how string) {
	if len(r.Targets) > 0 {
		t := r.Targets[0]
		return t.Mapping.HubSpot.String(), t.Mapping.HubSpot.String() + " (" + string(t.Mapping.Rule) + ")"
	}
	a := r.Associations[0].Mapping
	return "", "association " + a.String()
}

func isOwnerLike(object string) bool {
	switch strings.ToLower(object) {
	case "user", "group", "recordtype":
		return true
	}
	return false
}

func reportAS03Filter(p *Pass, r *Relation, lf *metadata.LookupFilter, prop, how string) {
	f := r.Field
	var items []string
	for _, it := range lf.Items {
		v := it.Value
		if v == "" {
			v = it.ValueField
		}
		items = append(items, strings.TrimSpace(it.Field+" "+it.Operation+" "+v))
	}
	crit := strings.Join(items, " AND ")
	if lf.BooleanFilter != "" {
		crit += " (logic " + lf.BooleanFilter + ")"
	}
	ev := Evidence{}.Add("lookup", fmt.Sprintf("%s → %s", f.QualifiedName(), r.Parent)).
		Add("written from", how).
		Add("filter", crit+" (required: isOptional false)")
	if lf.ErrorMessage != "" {
		ev = ev.Add("error message", lf.ErrorMessage)
	}
	loc := locOf(lf.Pos)
	if loc.File == "" {
		loc = p.FieldLocation(r.Child, f)
	}
	p.Report(Finding{
		Severity:        Error,
		Message:         fmt.Sprintf("%s has a required lookup filter (%s): %s the integration links that does not match it is rejected with FIELD_FILTER_VALIDATION_EXCEPTION", f.QualifiedName(), crit, withArticle(r.Parent)),
		Location:        loc,
		Object:          f.Object,
		Field:           f.Name,
		HubSpotProperty: prop,
		Key:             "filter",
		Evidence:        ev,
		Fix:             fmt.Sprintf("Make the lookup filter of %s optional, add a filter criterion that lets the integration user through (e.g. Current User: Profile equals the integration profile, with OR logic), or only send %s records that match it.", f.QualifiedName(), r.Parent),
	})
}

// withArticle prefixes a noun with "a" or "an".
func withArticle(s string) string {
	if s != "" && strings.ContainsRune("AEIOUaeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}
