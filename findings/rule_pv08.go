package findings

import (
	"fmt"
	"sort"
	"strings"

	"github.com/synclint/synclint/hubspotschema"
	"github.com/synclint/synclint/metadata"
)

// PV08 finds references the integration writes that Salesforce cannot
// resolve.
var PV08 = Register(&Rule{
	ID:        "PV08",
	Name:      "reference-unresolvable",
	Title:     "Reference Salesforce cannot resolve",
	Category:  CategoryPropertyValue,
	Severity:  Error,
	Precision: PrecisionHigh,
	Bucket:    BucketPropertyValues,
	Tags:      []string{"lookup", "owner", "reference", "property-value"},
	Summary:   "A mapped lookup field has a required lookup filter or points at an object HubSpot does not sync, or a HubSpot owner cannot be matched to a Salesforce user.",
	Doc: `Lookup fields take the Id of an existing record. For every writing mapping
into a lookup or master-detail field synclint checks:

- **Required lookup filters** (error): an active lookup filter that is not
  optional (<isOptional>false</isOptional>) rejects every write whose target
  record does not match it with FIELD_FILTER_VALIDATION_EXCEPTION: "Lookup
  filters are enforced when you load data through the API" (help "Considerations
  for Lookup Filters"; KB 000384756). Optional filters never block.
- **Lookups to objects the integration does not sync** (warning): HubSpot
  writes the value it holds, which must be the Id of a record that already
  exists in Salesforce and that the integration user can see; nothing creates
  those records from HubSpot.
- With records, the records that write the field are counted, and values that
  are not Salesforce Ids (15 or 18 letters and digits) or whose key prefix
  names another object (001 Account, 003 Contact, 701 Campaign, …) are
  reported as rejected (MALFORMED_ID, FIELD_INTEGRITY_EXCEPTION).

Owners (hubspot_owner_id → OwnerId) are matched, not looked up: "only owners
in HubSpot that match an active Salesforce user's name and email address will
sync to Salesforce. If HubSpot attempts to sync an owner that doesn't exist in
Salesforce, the Owner ID field will reset to the last value from Salesforce";
a new record then gets the lead assignment rules or the integration user as
owner (knowledge.hubspot.com/salesforce/assignment-of-salesforce-owners-to-hubspot-contacts-companies-or-deals;
"The Owner field value must be an exact match between HubSpot and
Salesforce", map-hubspot-properties-to-salesforce-fields). With the owners
export, owners that are archived or have no email address are reported
(warning: the owner silently does not sync); with records, the records they
own are counted, and owner ids that are not in the export at all are reported
too.

Example: deals.partner_account_sfid into Opportunity.Partner_Account__c,
whose required filter only allows accounts of type Partner or Reseller.`,
	Fix: "Make the lookup filter optional (or sync only matching records), sync the referenced object, and give every HubSpot owner the email address of an active Salesforce user.",
	Run: runPV08,
})

// keyPrefixes are the Id key prefixes of standard objects (the first three
// characters of a record Id; Salesforce Help "Standard Field Record ID
// Prefix Decoder", KB 000385203).
var keyPrefixes = map[string]string{
	"001": "Account", "003": "Contact", "00Q": "Lead", "006": "Opportunity", "500": "Case",
	"701": "Campaign", "005": "User", "00G": "Group", "012": "RecordType", "02i": "Asset",
	"800": "Contract", "801": "Order", "01t": "Product2", "01s": "Pricebook2", "00T": "Task", "00U": "Event",
}

func runPV08(p *Pass) {
	var owners []*Target
	for _, t := range p.Sync.Targets {
		if t.Field == nil || t.Property == nil || t.Field.IsCalculated() || !t.Field.Type.IsReference() || t.Field.Type == metadata.TypeID {
			continue
		}
		if isOwnerProperty(t.Property) {
			owners = append(owners, t)
			continue
		}
		if lf := t.Field.LookupFilter; lf != nil && lf.Active && !lf.IsOptional {
			pv08Filter(p, t, lf)
		}
		pv08Unsynced(p, t)
		pv08MalformedIDs(p, t)
	}
	if len(owners) > 0 {
		pv08Owners(p, owners)
	}
}

func pv08Base(p *Pass, t *Target, sev Severity, key string) *Finding {
	f := targetFinding(p, t, sev)
	f.Key += key
	f.Evidence = Evidence{}.
		Add("lookup", t.Field.QualifiedName()+" → "+strings.Join(t.Field.ReferenceTo, ", ")).
		Add("HubSpot property", f.HubSpotProperty+" ("+propertyTypeLabel(t.Property)+")")
	return f
}

// filterText renders a lookup filter's criteria.
func filterText(lf *metadata.LookupFilter) string {
	var parts []string
	for i, it := range lf.Items {
		s := it.Field + " " + it.Operation
		switch {
		case it.Value != "":
			s += " " + it.Value
		case it.ValueField != "":
			s += " " + it.ValueField
		default:
			s += " blank"
		}
		if lf.BooleanFilter != "" {
			s = fmt.Sprintf("%d. %s", i+1, s)
		}
		parts = append(parts, s)
	}
	out := strings.Join(parts, "; ")
	if lf.BooleanFilter != "" {
		out += " (logic: " + lf.BooleanFilter + ")"
	}
	return out
}

// countWrites adds a visitor counting the records that write a non-blank
// value, and reports f (deferred).
func countWrites(p *Pass, t *Target, f *Finding, message func(rs *RecordStats, n int64) string) {
	col := newRecordColumn(t.Mapping.HubSpot.Property)
	p.OnRecords(&RecordVisitor{
		Object: t.Mapping.HubSpot.Object,
		Visit: func(r *hubspotschema.Record) {
			v, ok := col.get(r)
			if ok && trimASCIISpace(v) != "" {
				ensureStats(f).AddExample(r.ID, v, r.Line)
			}
		},
		Done: func(file string, n int64) {
			rs := ensureStats(f)
			rs.File, rs.Checked = file, n
			if msg := message(rs, n); msg != "" {
				f.Message = msg
			}
		},
	})
	p.ReportDeferred(f)
}

func pv08Filter(p *Pass, t *Target, lf *metadata.LookupFilter) {
	fieldName, prop := t.Field.QualifiedName(), t.Mapping.HubSpot.String()
	target := strings.Join(t.Field.ReferenceTo, "/")
	f := pv08Base(p, t, Error, "#filter")
	if lf.Pos.File != "" {
		f.Location = locOf(lf.Pos)
	}
	crit := filterText(lf)
	f.Message = fmt.Sprintf("%s has a required lookup filter (%s): every %s HubSpot writes through %s must match it, or Salesforce rejects the write with FIELD_FILTER_VALIDATION_EXCEPTION", fieldName, crit, target, prop)
	f.Evidence = f.Evidence.Add("lookup filter", crit+" (active, not optional)")
	if lf.ErrorMessage != "" {
		f.Evidence = f.Evidence.Add("filter error message", lf.ErrorMessage)
	}
	f.Fix = fmt.Sprintf("Make the lookup filter of %s optional (isOptional true), or make sure %s only holds Ids of %s records that match %s.", fieldName, prop, target, crit)
	countWrites(p, t, f, func(rs *RecordStats, n int64) string {
		if rs.Failing == 0 {
			return ""
		}
		return fmt.Sprintf("%d of %d HubSpot records write %s, which has a required lookup filter (%s): each is rejected with FIELD_FILTER_VALIDATION_EXCEPTION unless its %s matches", rs.Failing, n, fieldName, crit, target)
	})
}

func pv08Unsynced(p *Pass, t *Target) {
	var unsynced []string
	for _, ref := range t.Field.ReferenceTo {
		if p.Sync.Object(ref) != nil {
			return // HubSpot creates or updates records of this object
		}
		unsynced = append(unsynced, ref)
	}
	if len(unsynced) == 0 {
		return
	}
	fieldName, prop := t.Field.QualifiedName(), t.Mapping.HubSpot.String()
	target := strings.Join(unsynced, "/")
	f := pv08Base(p, t, Warning, "#unsynced")
	f.Message = fmt.Sprintf("%s looks up %s, an object the integration does not sync: the values of %s must be Ids of %s records that already exist and that the integration user can see, or the write is rejected", fieldName, target, prop, target)
	f.Evidence = f.Evidence.Add("synced objects", syncedNames(p))
	f.Fix = fmt.Sprintf("Keep %s filled with Ids of existing %s records the integration user can read (or stop mapping it and set %s in Salesforce).", prop, target, fieldName)
	countWrites(p, t, f, func(rs *RecordStats, n int64) string {
		if rs.Failing == 0 {
			return ""
		}
		return fmt.Sprintf("%d of %d HubSpot records write %s, a lookup to %s, which the integration does not sync: each value must be the Id of an existing %s the integration user can see", rs.Failing, n, fieldName, target, target)
	})
}

func syncedNames(p *Pass) string {
	var names []string
	for _, so := range p.Sync.Objects {
		names = append(names, so.Name)
	}
	return strings.Join(names, ", ")
}

// pv08MalformedIDs counts values that cannot be Ids of the referenced
// object (records only).
func pv08MalformedIDs(p *Pass, t *Target) {
	fieldName, prop := t.Field.QualifiedName(), t.Mapping.HubSpot.String()
	f := pv08Base(p, t, Error, "#id")
	f.Fix = fmt.Sprintf("Replace the values of %s that are not %s Ids with the 15- or 18-character Ids of the records they name.", prop, strings.Join(t.Field.ReferenceTo, "/"))
	wrongObject := 0
	col := newRecordColumn(t.Mapping.HubSpot.Property)
	p.OnRecords(&RecordVisitor{
		Object: t.Mapping.HubSpot.Object,
		Visit: func(r *hubspotschema.Record) {
			v, ok := col.get(r)
			if !ok {
				return
			}
			v = trimASCIISpace(v)
			if v == "" {
				return
			}
			if !isSalesforceID(v) {
				ensureStats(f).AddExample(r.ID, v, r.Line)
				return
			}
			if obj, known := keyPrefixes[v[:3]]; known && !referencesObject(t.Field, obj) && referencesKnownPrefix(t.Field) {
				wrongObject++
				ensureStats(f).AddExample(r.ID, v+" ("+obj+" Id)", r.Line)
			}
		},
		Done: func(file string, n int64) {
			rs := ensureStats(f)
			rs.File, rs.Checked = file, n
			if rs.Failing == 0 {
				return
			}
			f.Message = fmt.Sprintf("%d of %d HubSpot records write a value of %s into lookup %s that is not an Id of %s (MALFORMED_ID or FIELD_INTEGRITY_EXCEPTION)", rs.Failing, n, prop, fieldName, strings.Join(t.Field.ReferenceTo, "/"))
			if wrongObject > 0 {
				rs.Extra = rs.Extra.Add("Ids of another object", fmt.Sprint(wrongObject))
			}
		},
	})
	p.ReportDeferredIf(f, func() bool { return f.Records != nil && f.Records.Failing > 0 })
}

// isSalesforceID reports whether s has the shape of a record Id: 15 or 18
// letters and digits.
func isSalesforceID(s string) bool {
	if len(s) != 15 && len(s) != 18 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

func referencesObject(f *metadata.Field, obj string) bool {
	for _, r := range f.ReferenceTo {
		if strings.EqualFold(r, obj) {
			return true
		}
	}
	return false
}

// referencesKnownPrefix reports whether every object the field points at
// has a known key prefix, so that an Id of another known object is wrong.
func referencesKnownPrefix(f *metadata.Field) bool {
	if len(f.ReferenceTo) == 0 {
		return false
	}
	for _, r := range f.ReferenceTo {
		found := false
		for _, obj := range keyPrefixes {
			if strings.EqualFold(obj, r) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// pv08Owners reports owners of the owners export that cannot match a
// Salesforce user, and counts the records they own.
func pv08Owners(p *Pass, targets []*Target) {
	if len(p.HubSpot.Owners) == 0 {
		return
	}
	byHubSpot := map[string]bool{}
	var hubspotObjects []string
	for _, t := range targets {
		ho := t.Mapping.HubSpot.Object
		if !byHubSpot[ho] {
			byHubSpot[ho] = true
			hubspotObjects = append(hubspotObjects, ho)
		}
	}
	// One finding per owner, on the first owner field the integration
	// writes; the evidence lists them all.
	fieldName := targets[0].Field.Name
	component := targets[0].Field.QualifiedName()
	ownerObject := targets[0].Field.Object
	var fields []string
	for _, t := range targets {
		fields = append(fields, t.Field.QualifiedName()+" ← "+t.Mapping.HubSpot.String())
	}
	known := map[string]*hubspotschema.Owner{}
	type ownerFinding struct {
		f     *Finding
		why   string
		files []string
		n     int64
	}
	bad := map[string]*ownerFinding{}
	var order []string
	for _, o := range p.HubSpot.Owners {
		known[o.ID] = o
		var why string
		switch {
		case o.Archived:
			why = "is archived in HubSpot, so it cannot match an active Salesforce user"
		case strings.TrimSpace(o.Email) == "":
			why = "has no email address, and owners are matched to Salesforce users by name and email"
		default:
			continue
		}
		name := strings.TrimSpace(o.FirstName + " " + o.LastName)
		loc := Location{File: o.Pos.File, Line: o.Pos.Line, Column: o.Pos.Col}
		if loc.File == "" {
			loc = Location{File: p.HubSpot.OwnersPos.File, Line: max(p.HubSpot.OwnersPos.Line, 1)}
		}
		f := &Finding{
			Severity:        Warning,
			Location:        loc,
			Component:       component,
			Object:          ownerObject,
			Field:           fieldName,
			HubSpotProperty: targets[0].Mapping.HubSpot.String(),
			Key:             "owner " + o.ID,
			Message:         fmt.Sprintf("HubSpot owner %s (%s) %s: the owner of its records does not sync (Salesforce keeps the old owner, or applies assignment rules or the integration user on create)", o.ID, name, why),
			Evidence: Evidence{}.
				Add("owner", fmt.Sprintf("%s %s <%s>%s", o.ID, name, o.Email, map[bool]string{true: ", archived", false: ""}[o.Archived])).
				Add("owner fields", strings.Join(fields, ", ")),
			Fix: fmt.Sprintf("Reassign the records of HubSpot owner %s (%s) to an active owner, or give the owner the email address of an active Salesforce user.", o.ID, name),
		}
		bad[o.ID] = &ownerFinding{f: f, why: fmt.Sprintf("%s (%s), who %s", o.ID, name, why)}
		order = append(order, o.ID)
	}
	unknown := &ownerFinding{f: &Finding{
		Severity:        Warning,
		Location:        Location{File: p.HubSpot.OwnersPos.File, Line: max(p.HubSpot.OwnersPos.Line, 1)},
		Component:       component,
		Object:          ownerObject,
		Field:           fieldName,
		HubSpotProperty: targets[0].Mapping.HubSpot.String(),
		Key:             "owner unknown",
		Fix:             "Reassign records whose owner no longer exists in HubSpot to a current owner.",
	}}
	unknownIDs := map[string]int{}
	var unknownOrder []string
	for _, ho := range hubspotObjects {
		var prop string
		for _, t := range targets {
			if t.Mapping.HubSpot.Object == ho {
				prop = t.Mapping.HubSpot.Property
				break
			}
		}
		col := newRecordColumn(prop)
		p.OnRecords(&RecordVisitor{
			Object: ho,
			Visit: func(r *hubspotschema.Record) {
				v, ok := col.get(r)
				if !ok {
					return
				}
				v = trimASCIISpace(v)
				if v == "" {
					return
				}
				if of := bad[v]; of != nil {
					ensureStats(of.f).AddExample(r.ID, ho+" owned by "+v, r.Line)
					return
				}
				if known[v] == nil {
					if _, seen := unknownIDs[v]; seen || len(unknownOrder) < 10 {
						if !seen {
							unknownOrder = append(unknownOrder, v)
						}
						unknownIDs[v]++
					}
					ensureStats(unknown.f).AddExample(r.ID, ho+" owned by "+v, r.Line)
				}
			},
			Done: func(file string, n int64) {
				for _, of := range append([]*ownerFinding{unknown}, mapValues(bad)...) {
					rs := ensureStats(of.f)
					of.files = append(of.files, file)
					of.n += n
					rs.File, rs.Checked = strings.Join(of.files, ", "), of.n
				}
			},
		})
	}
	for _, id := range order {
		of := bad[id]
		f := of.f
		p.ReportDeferredIf(f, func() bool {
			if rs := f.Records; rs != nil && rs.Failing > 0 {
				f.Message = fmt.Sprintf("%d HubSpot %s owned by %s: the owner does not sync to Salesforce", rs.Failing, plural(int(rs.Failing), "record is", "records are"), of.why)
			}
			return true
		})
	}
	p.ReportDeferredIf(unknown.f, func() bool {
		rs := unknown.f.Records
		if rs == nil || rs.Failing == 0 {
			return false
		}
		sort.Strings(unknownOrder)
		unknown.f.Message = fmt.Sprintf("%d HubSpot %s owned by owner ids that are not in the owners export (deleted users?): the owner cannot match a Salesforce user and does not sync", rs.Failing, plural(int(rs.Failing), "record is", "records are"))
		unknown.f.Evidence = Evidence{}.Add("owner ids", strings.Join(unknownOrder, ", ")).Add("owner fields", strings.Join(fields, ", "))
		return true
	})
}

func mapValues[K comparable, V any](m map[K]V) []V {
	out := make([]V, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
