package findings

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/synclint/synclint/hubspotschema"
	"github.com/synclint/synclint/metadata"
)

// AS12 compares HubSpot deal pipelines with Opportunity stages, sales
// processes and contact-role requirements.
var AS12 = Register(&Rule{
	ID:        "AS12",
	Name:      "pipeline-restrictions",
	Title:     "Pipeline restrictions",
	Category:  CategoryAssociation,
	Severity:  Error,
	Precision: PrecisionMedium,
	Bucket:    BucketPropertyValues,
	Tags:      []string{"pipeline", "deal-stage", "opportunity", "record-type", "business-process"},
	Summary:   "HubSpot deal stages that are not Opportunity stages, stages outside the sales process of the integration user's record type, closed/won flags and probabilities that disagree, and contact-role requirements on closing.",
	Doc: `dealstage holds a stage id, opaque and numeric for custom pipelines; the
pipelines export resolves it to its label, which is what must match an
Opportunity StageName (hubspot-exports.md §2.2; GET /crm/v3/pipelines/deals).
The stage drives IsClosed, IsWon, Probability and ForecastCategory on the
Opportunity (Object Reference, Opportunity.StageName:
developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunity.htm).

What is checked statically when a writing mapping sends deals.dealstage to
Opportunity.StageName, for every stage of every pipeline that is not
archived (no deal can sit in an archived stage):

- **stage not an Opportunity stage** (OpportunityStage standard value set
  from the checkout, else Salesforce's defaults): warning. Salesforce Help
  (KB 000381951) says only restricted picklists reject unknown values, and
  whether StageName behaves as restricted through the API is not confirmed
  either way (fixture PLANTED.md, Unsure 1); case and whitespace near
  misses are named.
- **stage outside the sales process** of the integration user's default
  record type (the profile's recordTypeVisibilities default; a business
  process lists the stages its record types allow; salesforce-metadata.md
  §5): error. Evidence level: community reports ("bad value for restricted
  picklist field" when the record type lacks the value,
  salesforce.stackexchange.com/q/9322; NPSP issue #1080), no Salesforce
  document (PLANTED.md Unsure 2). Without a known default record type,
  stages outside every active sales process are warnings.
- **closed/won flags that disagree** (HubSpot metadata.isClosed, won =
  closed with probability 1.0, against the stage's closed and won flags):
  warning — the Opportunity's state differs from the deal's.
- **probabilities that differ** (HubSpot 0.8 vs Salesforce 60%): note.
- **contact-role requirements**: active Opportunity triggers that reject a
  save without OpportunityContactRole (error), validation rules testing a
  contact-role count (warning); deals reach Salesforce with contact roles
  only when they have contacts (see AS08).

With records: deals in the offending stages are counted (deals.csv, one
streaming pass).`,
	Fix: "Make every HubSpot stage label an Opportunity stage in the sales process of the integration user's record type, with the same closed/won state and probability.",
	Run: runAS12,
})

func runAS12(p *Pass) {
	opp := p.Sync.Object("Opportunity")
	if !writes(opp) {
		return
	}
	for _, c := range contactRoleRequirements(p) {
		reportAS12ContactRole(p, c)
	}
	var target *Target
	for _, t := range p.Sync.TargetsFor("Opportunity", "StageName") {
		if t.Mapping.HubSpot.Object == "deals" && strings.EqualFold(t.Mapping.HubSpot.Property, "dealstage") {
			target = t
			break
		}
	}
	if target == nil {
		return
	}
	field := target.Field
	if field == nil {
		field = LookupField(p.Org, "Opportunity", "StageName")
	}
	if field == nil {
		return
	}
	src := ResolvePicklist(p.Org, field)
	if !src.Known {
		return
	}
	rt, bp := defaultSalesProcess(p)
	processes := activeSalesProcesses(p)
	for _, pl := range p.HubSpot.Pipelines["deals"] {
		if pl.Archived {
			continue
		}
		var missing, outside, outsideAll []*hubspotschema.Stage
		var missingText, outsideText []string
		for _, st := range pl.Stages {
			if st.Archived {
				continue
			}
			m := MatchPicklistValue(src.Values, st.Label)
			if m.Kind != MatchExact {
				missing = append(missing, st)
				missingText = append(missingText, stageMissText(st, m, src.Values))
				continue
			}
			sf := m.Value
			checkStageFlags(p, pl, st, sf, src)
			if bp != nil {
				if !inProcess(bp, sf.FullName) {
					outside = append(outside, st)
					outsideText = append(outsideText, fmt.Sprintf("%q (%s)", st.Label, st.ID))
				}
			} else if len(processes) > 0 {
				found := false
				for _, b := range processes {
					if inProcess(b, sf.FullName) {
						found = true
						break
					}
				}
				if !found {
					outsideAll = append(outsideAll, st)
					outsideText = append(outsideText, fmt.Sprintf("%q (%s)", st.Label, st.ID))
				}
			}
		}
		if len(missing) > 0 {
			reportAS12Missing(p, pl, missing, missingText, src, field)
		}
		if len(outside) > 0 {
			reportAS12Outside(p, pl, outside, outsideText, rt, bp)
		}
		if len(outsideAll) > 0 {
			reportAS12OutsideAll(p, pl, outsideAll, outsideText, processes)
		}
	}
}

func stageMissText(st *hubspotschema.Stage, m PicklistMatch, values []metadata.PicklistValue) string {
	s := fmt.Sprintf("%q (%s)", st.Label, st.ID)
	switch m.Kind {
	case MatchInactive:
		s += " inactive in Salesforce"
	case MatchCase:
		s += fmt.Sprintf(" ≈ %q (case)", m.Value.FullName)
	case MatchSpace:
		s += fmt.Sprintf(" ≈ %q (whitespace)", m.Value.FullName)
	default:
		if m.Value != nil {
			s += fmt.Sprintf(" (nearest: %q)", m.Value.FullName)
		} else if sim := containingValue(values, st.Label); sim != "" {
			s += fmt.Sprintf(" (similar: %q)", sim)
		}
	}
	return s
}

// defaultSalesProcess returns the integration user's default Opportunity
// record type and its business process, when both are known.
func defaultSalesProcess(p *Pass) (*metadata.RecordType, *metadata.BusinessProcess) {
	acc := integrationAccess(p)
	obj := LookupObject(p.Org, "Opportunity")
	if acc.Profile == nil || obj == nil {
		return nil, nil
	}
	name := acc.Profile.DefaultRecordTypes["opportunity"]
	if name == "" {
		return nil, nil
	}
	name = strings.TrimPrefix(name, "Opportunity.")
	for _, rt := range obj.RecordTypes {
		if strings.EqualFold(rt.Name, name) && rt.BusinessProcess != "" {
			for _, bp := range obj.BusinessProcesses {
				if strings.EqualFold(bp.Name, rt.BusinessProcess) {
					return rt, bp
				}
			}
		}
	}
	return nil, nil
}

// activeSalesProcesses returns the business processes of active
// Opportunity record types.
func activeSalesProcesses(p *Pass) []*metadata.BusinessProcess {
	obj := LookupObject(p.Org, "Opportunity")
	if obj == nil {
		return nil
	}
	var out []*metadata.BusinessProcess
	seen := map[*metadata.BusinessProcess]bool{}
	for _, rt := range obj.RecordTypes {
		if !rt.Active || rt.BusinessProcess == "" {
			continue
		}
		for _, bp := range obj.BusinessProcesses {
			if strings.EqualFold(bp.Name, rt.BusinessProcess) && !seen[bp] {
				seen[bp] = true
				out = append(out, bp)
			}
		}
	}
	return out
}

func inProcess(bp *metadata.BusinessProcess, value string) bool {
	for _, v := range bp.Values {
		if decodeRecordTypeValue(v.FullName) == value {
			return true
		}
	}
	return false
}

func reportAS12Missing(p *Pass, pl *hubspotschema.Pipeline, missing []*hubspotschema.Stage, text []string, src PicklistSource, field *metadata.Field) {
	ev := Evidence{}.Add("pipeline", fmt.Sprintf("%s (%s)", pl.Label, pl.ID)).
		Add("stages not in "+src.Kind, strings.Join(text, ", "))
	if src.Builtin {
		ev = ev.Add("note", "the checkout has no OpportunityStage file: compared with Salesforce's default stages")
	}
	st := missing[0]
	f := &Finding{
		Severity:        Warning,
		Message:         fmt.Sprintf("%d %s of HubSpot pipeline %s %s: deals in %s sync a StageName Salesforce may reject (or store as an unknown stage)", len(missing), plural(len(missing), "stage", "stages"), pl.Label, plural(len(missing), "is not an Opportunity stage", "are not Opportunity stages"), plural(len(missing), "it", "them")),
		Location:        Location{File: st.Pos.File, Line: st.Pos.Line, Column: st.Pos.Col},
		Component:       "Opportunity.StageName",
		Object:          "Opportunity",
		Field:           "StageName",
		HubSpotProperty: "deals.dealstage",
		Key:             "missing:" + pl.ID,
		Evidence:        ev,
		Fix:             fmt.Sprintf("Add the missing stages to the OpportunityStage value set (and the sales processes), or rename the HubSpot stages of %s to existing Opportunity stages.", pl.Label),
	}
	if field.Pos.File != "" {
		f.Related = append(f.Related, Location{File: field.Pos.File, Line: field.Pos.Line, Message: "Opportunity.StageName"})
	}
	countDealsInStages(p, f, missing)
	p.ReportDeferred(f)
}

func reportAS12Outside(p *Pass, pl *hubspotschema.Pipeline, stages []*hubspotschema.Stage, text []string, rt *metadata.RecordType, bp *metadata.BusinessProcess) {
	ev := Evidence{}.Add("pipeline", fmt.Sprintf("%s (%s)", pl.Label, pl.ID)).
		Add("default record type", fmt.Sprintf("Opportunity.%s of the integration user's profile (%s)", rt.Name, rt.Pos)).
		Add("sales process", fmt.Sprintf("%s (%s)", bp.Name, bp.Pos)).
		Add("stages outside it", strings.Join(text, ", ")).
		Add("evidence level", "community reports, not Salesforce documentation (see the rule's documentation)")
	f := &Finding{
		Severity:        Error,
		Message:         fmt.Sprintf("%d %s of HubSpot pipeline %s %s but not in %s, the sales process of the integration user's default record type %s: creating those deals is rejected", len(stages), plural(len(stages), "stage", "stages"), pl.Label, plural(len(stages), "is an Opportunity stage", "are Opportunity stages"), bp.Name, rt.Name),
		Location:        locOf(bp.Pos),
		Component:       "Opportunity.StageName / record type " + rt.Name,
		Object:          "Opportunity",
		Field:           "StageName",
		HubSpotProperty: "deals.dealstage",
		Key:             "process:" + pl.ID,
		Evidence:        ev,
		Fix:             fmt.Sprintf("Add the stages to %s, or give the integration user a default record type whose sales process has them (map the %s pipeline to that record type).", bp.Name, pl.Label),
	}
	countDealsInStages(p, f, stages)
	p.ReportDeferred(f)
}

func reportAS12OutsideAll(p *Pass, pl *hubspotschema.Pipeline, stages []*hubspotschema.Stage, text []string, processes []*metadata.BusinessProcess) {
	var names []string
	for _, b := range processes {
		names = append(names, b.Name)
	}
	f := &Finding{
		Severity:        Warning,
		Message:         fmt.Sprintf("%d %s of HubSpot pipeline %s %s in no active sales process (%s): whatever the integration user's record type, creating those deals may be rejected", len(stages), plural(len(stages), "stage", "stages"), pl.Label, plural(len(stages), "is", "are"), strings.Join(names, ", ")),
		Location:        locOf(processes[0].Pos),
		Component:       "Opportunity.StageName / business processes",
		Object:          "Opportunity",
		Field:           "StageName",
		HubSpotProperty: "deals.dealstage",
		Key:             "processes:" + pl.ID,
		Evidence: Evidence{}.Add("pipeline", fmt.Sprintf("%s (%s)", pl.Label, pl.ID)).
			Add("stages outside every sales process", strings.Join(text, ", ")).
			Add("note", "integrationProfile is not set or has no default Opportunity record type: set it for an exact check"),
		Fix: "Add the stages to the sales process of the integration user's record type, or set integrationProfile in synclint.yaml so synclint can check the right one.",
	}
	countDealsInStages(p, f, stages)
	p.ReportDeferred(f)
}

// checkStageFlags compares HubSpot's closed state and probability with
// the Opportunity stage's.
func checkStageFlags(p *Pass, pl *hubspotschema.Pipeline, st *hubspotschema.Stage, sf *metadata.PicklistValue, src PicklistSource) {
	hsProb, hasProb := 0.0, false
	if st.HasProbability {
		if v, err := strconv.ParseFloat(strings.TrimSpace(st.Probability), 64); err == nil {
			hsProb, hasProb = v, true
		}
	}
	sfProb, sfHasProb := 0.0, false
	if v, err := strconv.ParseFloat(strings.TrimSpace(sf.Probability), 64); err == nil {
		sfProb, sfHasProb = v, true
	}
	hsWon := st.IsClosed && hasProb && hsProb >= 1
	comp := fmt.Sprintf("OpportunityStage %q", sf.FullName)
	loc := locOf(sf.Pos)
	if loc.File == "" {
		loc = Location{File: st.Pos.File, Line: st.Pos.Line, Column: st.Pos.Col}
	}
	ev := Evidence{}.Add("HubSpot stage", fmt.Sprintf("%q (%s) in %s: isClosed %t, probability %s", st.Label, st.ID, pl.Label, st.IsClosed, st.Probability)).
		Add("Opportunity stage", fmt.Sprintf("%q: closed %t, won %t, probability %s", sf.FullName, sf.Closed, sf.Won, sf.Probability))
	if src.Builtin {
		ev = ev.Add("note", "Salesforce's default stage definition (the checkout has no OpportunityStage file)")
	}
	switch {
	case st.IsClosed != sf.Closed || (st.IsClosed && hasProb && hsWon != sf.Won):
		state := func(closed, won bool) string {
			switch {
			case !closed:
				return "open"
			case won:
				return "closed won"
			}
			return "closed lost"
		}
		sev := Warning
		if src.Builtin {
			sev = Note
		}
		p.Report(Finding{
			Severity:        sev,
			Message:         fmt.Sprintf("HubSpot stage %q is %s but Opportunity stage %q is %s: deals in it become Opportunities in a different state", st.Label, state(st.IsClosed, hsWon), sf.FullName, state(sf.Closed, sf.Won)),
			Location:        loc,
			Component:       comp,
			HubSpotProperty: "deals.dealstage",
			Key:             "closed:" + st.ID,
			Evidence:        ev,
			Fix:             fmt.Sprintf("Make the closed/won flags of %q agree on both sides (edit the OpportunityStage value or the HubSpot stage's deal state).", sf.FullName),
		})
	case hasProb && sfHasProb && math.Abs(hsProb*100-sfProb) > 0.5:
		p.Report(Finding{
			Severity:        Note,
			Message:         fmt.Sprintf("HubSpot stage %q has probability %s (%.0f%%) but Opportunity stage %q has %s%%: forecasts differ between the systems", st.Label, st.Probability, hsProb*100, sf.FullName, sf.Probability),
			Location:        loc,
			Component:       comp,
			HubSpotProperty: "deals.dealstage",
			Key:             "probability:" + st.ID,
			Evidence:        ev,
			Fix:             fmt.Sprintf("Set the same probability for %q in HubSpot and in the OpportunityStage value set.", sf.FullName),
		})
	}
}

func reportAS12ContactRole(p *Pass, c *ContactRoleRequirement) {
	f := &Finding{
		Location:        c.Mention,
		Component:       "contact role requirement",
		Object:          "Opportunity",
		HubSpotProperty: "deals.dealstage",
		Key:             c.Name(),
	}
	if c.Rule != nil {
		f.Location = ruleLocation(c.Rule)
		f.Severity = Warning
		f.ValidationRule = c.Rule.Name
		f.Message = fmt.Sprintf("validation rule %s tests the contact-role count %s: deals without contacts reach Salesforce without contact roles and may be rejected when they move through the pipeline", c.Rule.QualifiedName(), c.Field)
		f.Evidence = Evidence{}.Add("validation rule", describeRule(c.Rule)+": "+compactSpace(c.Rule.Formula))
	} else {
		s := c.Sites[0]
		f.Severity = Error
		stages := "some stages"
		if len(c.Stages) > 0 {
			stages = strings.Join(quoteAll(c.Stages), ", ")
		}
		f.Message = fmt.Sprintf("trigger %s requires Opportunity Contact Roles for %s: HubSpot deals reaching those stages without an associated contact are rejected", c.Trigger.Trigger.Name, stages)
		f.Evidence = Evidence{}.Add("trigger", fmt.Sprintf("%s on Opportunity (%s)", c.Trigger.Trigger.Name, triggerEventsText(c.Trigger.Trigger))).
			Add("queries", fmt.Sprintf("OpportunityContactRole (%s:%d)", c.Mention.File, c.Mention.Line)).
			Add("rejects", fmt.Sprintf("%s.addError(%s) at %s:%d", s.Receiver, s.Message, s.Unit.Pos.File, s.Line))
		if len(c.Stages) > 0 {
			f.Evidence = f.Evidence.Add("stages tested", stages)
		}
	}
	f.Fix = "Associate at least one contact with every HubSpot deal before it reaches the stages that require contact roles (a required association or a pipeline rule), or exempt the integration user."
	countStageDeals(p, f, c.Stages, "reach the stage the check tests")
	p.ReportDeferred(f)
}

// countDealsInStages counts deals whose dealstage is one of stages.
func countDealsInStages(p *Pass, f *Finding, stages []*hubspotschema.Stage) {
	ids := map[string]bool{}
	for _, s := range stages {
		ids[s.ID] = true
	}
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
			if v := strings.TrimSpace(r.Value(col)); ids[v] {
				f.Records.AddExample(r.ID, v, r.Line)
			}
		},
		Done: func(file string, n int64) {
			if f.Records == nil {
				return
			}
			f.Records.File, f.Records.Checked = file, n
			if f.Records.Failing > 0 {
				f.Message += fmt.Sprintf(" (%d of %d deals in %s are in %s)", f.Records.Failing, n, file, plural(len(stages), "it", "them"))
			}
		},
	})
}

// containingValue returns the first active value that contains the label
// or is contained in it (ignoring case), for hints like "Quote Sent" vs
// "Renewal Quote Sent".
func containingValue(values []metadata.PicklistValue, label string) string {
	l := strings.ToLower(strings.TrimSpace(label))
	if len(l) < 4 {
		return ""
	}
	for _, v := range values {
		fv := strings.ToLower(v.FullName)
		if v.Active && (strings.Contains(fv, l) || strings.Contains(l, fv)) {
			return v.FullName
		}
	}
	return ""
}
