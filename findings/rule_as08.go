package findings

import (
	"fmt"
	"strings"

	"github.com/synclint/synclint/hubspotschema"
)

// AS08 finds relationships Salesforce requires that HubSpot lets records
// go without.
var AS08 = Register(&Rule{
	ID:        "AS08",
	Name:      "required-relationship-missing",
	Title:     "Required relationship missing",
	Category:  CategoryAssociation,
	Severity:  Error,
	Precision: PrecisionHigh,
	Bucket:    BucketAssociations,
	Tags:      []string{"association", "required", "contact-role"},
	Summary:   "Salesforce requires a relationship (a parent lookup, or Opportunity Contact Roles) that HubSpot never enforces: records synced without the association are rejected.",
	Doc: `HubSpot never requires an association: a deal may have no company, a
ticket no contact, a custom object record no parent (the associations API
has limits, not minimums; hubspot-exports.md §2.4). Salesforce can: a
master-detail or required lookup, a validation rule such as
ISBLANK(AccountId) (see AS01 for how synclint decides a rule requires a
lookup), or automation that rejects an Opportunity without contact roles
(HubSpot creates OpportunityContactRole records from a deal's contacts,
knowledge.hubspot.com/de/salesforce/sync-salesforce-opportunities-to-hubspot).

What is checked statically:

- every required relationship of an object the integration creates whose
  parent syncs and whose association is mapped (when it is not mapped, or
  the parent does not sync, AS01 reports it): records without the
  association fail. Statically a warning; a requirement that holds only
  under a condition says so.
- active Opportunity triggers whose reachable code queries
  OpportunityContactRole and calls addError (error), and active validation
  rules that test a contact-role count field (warning: the count is
  maintained by automation synclint cannot see).

With records: the child's record export is streamed once and checked
against the association export of the pair (records/<child>-<parent>.csv,
kept as a sorted set of ids): children without any association are counted
and make the finding an error. For contact-role triggers, deals in the
stages the trigger tests (StageName == '…', resolved through the pipelines
export) are counted, without a contact when records/deals-contacts.csv is
present.`,
	Fix: "Make the association mandatory in HubSpot's process (a required association in forms or pipeline rules), or relax the Salesforce requirement for the integration user.",
	Run: runAS08,
})

func runAS08(p *Pass) {
	for _, r := range Relations(p).Relations {
		if !r.Child.Creates || !writes(r.Child) || r.ParentSync == nil || len(r.Associations) == 0 {
			continue
		}
		if !r.Required() && len(r.ConditionalRules()) == 0 {
			continue
		}
		reportAS08Relation(p, r)
	}
	for _, c := range contactRoleRequirements(p) {
		reportAS08ContactRole(p, c)
	}
}

func reportAS08Relation(p *Pass, r *Relation) {
	f := r.Field
	at := r.Associations[0]
	m := at.Mapping
	comp := f.QualifiedName()
	ev := Evidence{}.Add("required", fmt.Sprintf("%s → %s (%s)", f.QualifiedName(), r.Parent, r.Why())).
		Add("filled from", "association "+m.String()).
		Add("HubSpot", fmt.Sprintf("a %s needs no %s association", singularObject(m.From), singularObject(m.To)))
	conditional := !r.Required()
	msg := fmt.Sprintf("Salesforce requires %s on every %s (%s) but HubSpot does not require a %s on a %s: %s synced without one are rejected", f.QualifiedName(), r.Child.Name, r.Why(), singularObject(m.To), singularObject(m.From), m.From)
	if conditional {
		msg = fmt.Sprintf("Salesforce requires %s on some %s records (%s) but HubSpot does not require a %s on a %s: such %s synced without one are rejected", f.QualifiedName(), r.Child.Name, r.Why(), singularObject(m.To), singularObject(m.From), m.From)
	}
	fnd := &Finding{
		Severity:  Warning,
		Message:   msg,
		Location:  r.RequirementLocation(p),
		Component: comp,
		Object:    f.Object,
		Field:     f.Name,
		Evidence:  ev,
		Fix:       fmt.Sprintf("Make every HubSpot %s carry a %s association before it syncs (a required association in the creation form or a workflow that blocks the pipeline stage), or relax the requirement on %s for the integration user.", singularObject(m.From), singularObject(m.To), f.QualifiedName()),
	}
	if vr := r.RequiringRule(); vr != nil {
		fnd.ValidationRule = vr.Name
	}
	if len(r.Child.Targets) > 0 {
		// With records: children with no association at all.
		var assoc *AssociationSummary
		p.OnAssociations(m.From, m.To, true, func(s *AssociationSummary) { assoc = s })
		childObj := m.From
		p.OnRecords(&RecordVisitor{
			Object: childObj,
			Visit: func(rec *hubspotschema.Record) {
				if assoc == nil || rec.ID == "" {
					return
				}
				if fnd.Records == nil {
					fnd.Records = &RecordStats{}
				}
				if !assoc.HasFrom(rec.ID) {
					fnd.Records.AddExample(rec.ID, "no "+singularObject(m.To), rec.Line)
				}
			},
			Done: func(file string, n int64) {
				if assoc == nil || fnd.Records == nil {
					return
				}
				fnd.Records.File, fnd.Records.Checked = file, n
				fnd.Records.Extra = fnd.Records.Extra.Add("associations read", assoc.File)
				if fnd.Records.Failing > 0 && !conditional {
					fnd.Severity = Error
					fnd.Message = fmt.Sprintf("%d of %d HubSpot %s have no %s association (%s), but Salesforce requires %s (%s): they are rejected", fnd.Records.Failing, n, m.From, singularObject(m.To), assoc.File, f.QualifiedName(), r.Why())
				}
			},
		})
	}
	p.ReportDeferred(fnd)
}

func reportAS08ContactRole(p *Pass, c *ContactRoleRequirement) {
	ev := Evidence{}
	comp := "OpportunityContactRole (" + c.Name() + ")"
	f := &Finding{Location: c.Location(), Component: comp, Object: "Opportunity", Key: c.Name()}
	if c.Rule != nil {
		ev = ev.Add("validation rule", describeRule(c.Rule)+": "+compactSpace(c.Rule.Formula)).
			Add("contact role count", c.Field+" (maintained by automation)")
		f.Severity = Warning
		f.ValidationRule = c.Rule.Name
		f.Message = fmt.Sprintf("validation rule %s tests the contact-role count %s: HubSpot creates contact roles only from a deal's contacts, which deals need not have, so such deals may be rejected", c.Rule.QualifiedName(), c.Field)
	} else {
		s := c.Sites[0]
		ev = ev.Add("trigger", fmt.Sprintf("%s on Opportunity (%s)", c.Trigger.Trigger.Name, triggerEventsText(c.Trigger.Trigger))).
			Add("queries", fmt.Sprintf("OpportunityContactRole (%s:%d)", c.Mention.File, c.Mention.Line)).
			Add("rejects", fmt.Sprintf("%s.addError(%s) at %s:%d", s.Receiver, s.Message, s.Unit.Pos.File, s.Line))
		if s.Condition != "" {
			ev = ev.Add("condition", s.Condition)
		}
		if len(c.Stages) > 0 {
			ev = ev.Add("stages tested", strings.Join(quoteAll(c.Stages), ", "))
		}
		f.Severity = Error
		f.Message = fmt.Sprintf("trigger %s rejects Opportunity saves without contact roles; HubSpot creates contact roles only from a deal's contacts, which deals need not have: such deals are rejected", c.Trigger.Trigger.Name)
	}
	f.Evidence = ev
	f.HubSpotProperty = "deals.dealstage"
	f.Fix = fmt.Sprintf("Associate a contact with every HubSpot deal before it reaches the stages %s checks (a required association or a workflow), or exempt the integration user.", c.Name())
	countStageDeals(p, f, c.Stages, "can hit the contact-role check")
	p.ReportDeferred(f)
}

// countStageDeals counts deals whose stage label is one of stages (and,
// when records/deals-contacts.csv exists, that have no contact).
func countStageDeals(p *Pass, f *Finding, stages []string, what string) {
	if len(stages) == 0 {
		return
	}
	ids := map[string]bool{}
	for _, pl := range p.HubSpot.Pipelines["deals"] {
		for _, st := range pl.Stages {
			for _, s := range stages {
				if strings.EqualFold(strings.TrimSpace(st.Label), s) {
					ids[st.ID] = true
				}
			}
		}
	}
	if len(ids) == 0 {
		return
	}
	var contacts *AssociationSummary
	p.OnAssociations("deals", "contacts", true, func(s *AssociationSummary) { contacts = s })
	col := -2
	p.OnRecords(&RecordVisitor{
		Object: "deals",
		Visit: func(r *hubspotschema.Record) {
			if col == -2 {
				col = r.ColumnIndex("dealstage")
			}
			if col < 0 {
				return
			}
			if f.Records == nil {
				f.Records = &RecordStats{}
			}
			if !ids[strings.TrimSpace(r.Value(col))] {
				return
			}
			if contacts != nil && contacts.HasFrom(r.ID) {
				return
			}
			f.Records.AddExample(r.ID, r.Value(col), r.Line)
		},
		Done: func(file string, n int64) {
			if f.Records == nil {
				return
			}
			f.Records.File, f.Records.Checked = file, n
			if contacts != nil {
				f.Records.Extra = f.Records.Extra.Add("counted", "deals in "+strings.Join(quoteAll(stages), ", ")+" without a contact ("+contacts.File+")")
			} else {
				f.Records.Extra = f.Records.Extra.Add("counted", "deals in "+strings.Join(quoteAll(stages), ", ")+" ("+what+"; no deals-contacts export to tell which have contacts)")
			}
		},
	})
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = quote(s)
	}
	return out
}
