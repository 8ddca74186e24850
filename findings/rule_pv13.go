package findings

import (
	"fmt"
	"sort"
	"strings"

	"github.com/synclint/synclint/formula"
	"github.com/synclint/synclint/hubspotschema"
	"github.com/synclint/synclint/metadata"
)

// PV13 finds mapped fields, validation rules and triggers that belong to
// installed managed packages.
var PV13 = Register(&Rule{
	ID:        "PV13",
	Name:      "managed-package-component",
	Title:     "Managed-package rules",
	Category:  CategoryPropertyValue,
	Severity:  Warning,
	Precision: PrecisionMedium,
	Bucket:    BucketCustomCode,
	Tags:      []string{"managed-package", "namespace", "property-value"},
	Summary:   "A field the integration writes, a validation rule it can trip or a trigger on an object it writes belongs to a managed package: it cannot be fixed in this repository, and the package may validate values of its own.",
	Doc: `Components of an installed managed package carry its namespace prefix
(ns__Field__c, ns__Rule; salesforce-metadata.md §13). Their logic is the
package vendor's: a subscriber org cannot edit a packaged validation rule's
formula or a packaged trigger's code ("Components Available in Managed
Packages", developer.salesforce.com/docs/atlas.en-us.pkg2_dev.meta/pkg2_dev/packaging_packageable_components.htm;
"Only Package Developer Can Edit" properties), so a bypass patch in this
repository is not possible. synclint reports, for the objects the integration
writes:

- **Mapped fields in a managed namespace** (warning): the package may
  validate or rewrite their values in code this repository does not hold.
- **Active validation rules in a managed namespace** (error when the rule
  reads a field HubSpot writes and the integration user has no bypass,
  warning otherwise). With records, the records on which the rule fires are
  counted (the fields HubSpot writes take the record's values; everything
  else must not matter).
- **Triggers in a managed namespace** on those objects (warning).

Components of the repository's own namespace (sfdx-project.json) are not
reported: they can be changed here. The finding names the package and its own
bypass mechanism where it has one:

- SBQQ, sbaa, blng (Salesforce CPQ, Advanced Approvals, Billing):
  SBQQ.TriggerControl.disable() in Apex ("Disable CPQ Triggers in Apex",
  developer.salesforce.com/docs/atlas.en-us.cpq_api_dev.meta/cpq_api_dev/cpq_api_disable_apex_triggers.htm)
  and "Triggers Disabled" in the CPQ package settings.
- npsp, npe01, npo02, npe03, npe4, npe5 (Nonprofit Success Pack) and hed
  (Education Data Architecture): Table-Driven Trigger Management; a Trigger
  Handler record can be deactivated or list the integration user under
  "Usernames to Exclude" (help "Manage Trigger Handlers for NPSP",
  sfdo.npsp_manage_trigger_handlers_2.htm; "Disable Trigger Handlers for
  EDA").
- LeanData: its Trigger Settings custom setting disables its triggers per
  user or profile (LeanData help "How Do I Prevent Unnecessary LeanData
  Triggers").
- pi (Account Engagement, formerly Pardot), mkto_si (Marketo Sales Insight),
  HubSpot_Inc (HubSpot's own package), et4ae5 (Marketing Cloud Connect),
  dfsle (DocuSign eSignature) and others: no documented bypass setting was
  found; ask the vendor, or keep HubSpot from writing the field.

Evidence level: the manageability rules are documented; whether a subscriber
may deactivate a packaged validation rule was not confirmed in the sources
read, so the finding only says it cannot be patched here.

Example: contacts.hubspotscore into Lead.pi__score__c, and the managed rule
Lead.pi__Score_Range that rejects negative scores.`,
	Fix: "Stop mapping HubSpot into the managed field, or use the package's own bypass for the integration user; ask the package vendor before changing its components.",
	Run: runPV13,
})

// managedPackage describes a namespace prefix.
type managedPackage struct {
	Name   string
	Bypass string
}

// managedPackages names well-known namespaces and their bypass mechanisms
// (sources in PV13's Doc).
var managedPackages = map[string]managedPackage{
	"sbqq":        {"Salesforce CPQ", "SBQQ.TriggerControl.disable() in Apex, or \"Triggers Disabled\" in the CPQ package settings, turns off CPQ triggers (not other validation rules)"},
	"sbaa":        {"Salesforce CPQ Advanced Approvals", ""},
	"blng":        {"Salesforce Billing", "SBQQ.TriggerControl.disable() also turns off Billing triggers"},
	"pi":          {"Marketing Cloud Account Engagement (Pardot)", ""},
	"npsp":        {"Nonprofit Success Pack", "deactivate the Trigger Handler (TDTM) or add the integration user to its \"Usernames to Exclude\""},
	"npe01":       {"Nonprofit Success Pack (Contacts & Organizations)", "deactivate the Trigger Handler (TDTM) or add the integration user to its \"Usernames to Exclude\""},
	"npo02":       {"Nonprofit Success Pack (Households)", "deactivate the Trigger Handler (TDTM) or add the integration user to its \"Usernames to Exclude\""},
	"npe03":       {"Nonprofit Success Pack (Recurring Donations)", "deactivate the Trigger Handler (TDTM) or add the integration user to its \"Usernames to Exclude\""},
	"npe4":        {"Nonprofit Success Pack (Relationships)", "deactivate the Trigger Handler (TDTM) or add the integration user to its \"Usernames to Exclude\""},
	"npe5":        {"Nonprofit Success Pack (Affiliations)", "deactivate the Trigger Handler (TDTM) or add the integration user to its \"Usernames to Exclude\""},
	"hed":         {"Education Data Architecture", "deactivate the Trigger Handler (TDTM) or add the integration user to its \"Usernames to Exclude\""},
	"leandata":    {"LeanData", "its Trigger Settings custom setting disables LeanData triggers per user or profile"},
	"mkto_si":     {"Marketo Sales Insight", ""},
	"hubspot_inc": {"HubSpot's own Salesforce package", ""},
	"et4ae5":      {"Marketing Cloud Connect", ""},
	"dfsle":       {"DocuSign eSignature", ""},
	"finserv":     {"Financial Services Cloud", ""},
	"copado":      {"Copado", ""},
	"maps":        {"Salesforce Maps", ""},
}

// packageOf describes a namespace for a finding.
func packageOf(ns string) (name, bypass string) {
	if pk, ok := managedPackages[strings.ToLower(ns)]; ok {
		return pk.Name + " (" + ns + ")", pk.Bypass
	}
	return "managed package " + ns, ""
}

// managedNamespace returns the managed namespace of an API name, or "" for
// names without one and names in the repository's own namespace.
func managedNamespace(org *metadata.Org, ns string) string {
	if ns == "" || strings.EqualFold(ns, org.Namespace) {
		return ""
	}
	return ns
}

func runPV13(p *Pass) {
	pv13Fields(p)
	for _, so := range p.Sync.Objects {
		if so.Object == nil || len(so.Targets) == 0 {
			continue
		}
		pv13Rules(p, so)
	}
	pv13Triggers(p)
}

func pv13Fields(p *Pass) {
	for _, t := range p.Sync.Targets {
		if t.Field == nil {
			continue
		}
		ns := managedNamespace(p.Org, t.Field.Namespace)
		if ns == "" {
			continue
		}
		pkg, bypass := packageOf(ns)
		prop := t.Mapping.HubSpot.String()
		ev := Evidence{}.Add("namespace", ns).Add("package", pkg)
		if bypass != "" {
			ev = ev.Add("package bypass", bypass)
		}
		p.Report(Finding{
			Severity:        Warning,
			Location:        p.FieldLocation(t.Object, t.Field),
			Object:          t.Field.Object,
			Field:           t.Field.Name,
			HubSpotProperty: prop,
			Key:             prop,
			Message:         fmt.Sprintf("%s, which %s writes, belongs to %s: the package may validate or overwrite its values in code this repository does not hold, and nothing about it can be patched here", t.Field.QualifiedName(), prop, pkg),
			Evidence:        ev,
			Fix:             fmt.Sprintf("Check with the %s documentation or vendor which values %s accepts, or map %s to a field of your own instead.", pkg, t.Field.QualifiedName(), prop),
		})
	}
}

func pv13Rules(p *Pass, so *SyncedObject) {
	written := map[string]*Target{}
	for _, t := range so.Targets {
		written[strings.ToLower(t.Ref.Field)] = t
	}
	for _, vr := range so.Object.ValidationRules {
		ns := managedNamespace(p.Org, vr.Namespace)
		if !vr.Active || ns == "" {
			continue
		}
		pkg, bypass := packageOf(ns)
		prog, err := compiledRule(p, vr)
		var reads []string
		var props []string
		if err == nil {
			if bypassesIntegration(p, prog) {
				continue
			}
			for _, fr := range prog.Fields() {
				if t := written[strings.ToLower(fr.Path)]; t != nil && !fr.CrossObject {
					reads = append(reads, t.Field.Name)
					props = append(props, t.Mapping.HubSpot.String())
				}
			}
		}
		sort.Strings(reads)
		sev := Warning
		msg := fmt.Sprintf("validation rule %s belongs to %s and is active on %s, which the integration writes: if it rejects a sync it cannot be changed or bypassed in this repository", vr.QualifiedName(), pkg, so.Name)
		if len(reads) > 0 {
			sev = Error
			msg = fmt.Sprintf("validation rule %s of %s reads %s, which HubSpot writes (%s): writes that trip it are rejected, and the rule cannot be changed or bypassed in this repository", vr.QualifiedName(), pkg, strings.Join(reads, ", "), strings.Join(props, ", "))
		}
		loc := locOf(vr.Pos)
		if vr.FormulaPos.File != "" {
			loc = locOf(vr.FormulaPos)
		}
		ev := Evidence{}.Add("namespace", ns).Add("package", pkg).Add("formula", strings.Join(strings.Fields(vr.Formula), " "))
		if vr.ErrorMessage != "" {
			ev = ev.Add("error message", vr.ErrorMessage)
		}
		if bypass != "" {
			ev = ev.Add("package bypass", bypass)
		}
		fix := fmt.Sprintf("Keep HubSpot from sending values %s rejects (clean them in HubSpot, or stop mapping %s), or ask the %s vendor how to exempt the integration user.", vr.QualifiedName(), strings.Join(reads, ", "), pkg)
		if len(reads) == 0 {
			fix = fmt.Sprintf("Check which writes %s rejects and ask the %s vendor how to exempt the integration user.", vr.QualifiedName(), pkg)
		}
		f := &Finding{
			Severity:        sev,
			Location:        loc,
			Object:          so.Name,
			ValidationRule:  vr.Name,
			HubSpotProperty: strings.Join(props, ", "),
			Key:             vr.Name,
			Message:         msg,
			Evidence:        ev,
			Fix:             fix,
		}
		if err == nil && len(reads) > 0 {
			pv13RuleRecords(p, so, prog, f)
		}
		p.ReportDeferred(f)
	}
}

// pv13RuleRecords counts the records on which the managed rule fires.
func pv13RuleRecords(p *Pass, so *SyncedObject, prog *formula.Program, f *Finding) {
	e := newRuleEvaluator(p, prog, so, so.HubSpotObject)
	if e == nil {
		return
	}
	static := f.Message
	p.OnRecords(&RecordVisitor{
		Object: so.HubSpotObject,
		Visit: func(r *hubspotschema.Record) {
			if fires, decided := e.fires(r); fires && decided {
				ensureStats(f).AddExample(r.ID, e.describe(r), r.Line)
			}
		},
		Done: func(file string, n int64) {
			rs := ensureStats(f)
			rs.File, rs.Checked = file, n
			if rs.Failing > 0 {
				f.Message = fmt.Sprintf("%d of %d HubSpot records trip %s: %s", rs.Failing, n, f.Object+"."+f.ValidationRule, static)
			}
		},
	})
}

// pv13Triggers reports managed triggers on objects the integration writes.
func pv13Triggers(p *Pass) {
	for _, tr := range p.Org.Triggers {
		if !tr.Active || tr.Object == "" {
			continue
		}
		so := p.Sync.Object(tr.Object)
		if so == nil || len(so.Targets) == 0 {
			continue
		}
		ns := managedNamespace(p.Org, triggerNamespace(p.Org, tr))
		if ns == "" {
			continue
		}
		pkg, bypass := packageOf(ns)
		ev := Evidence{}.Add("namespace", ns).Add("package", pkg)
		if len(tr.Events) > 0 {
			ev = ev.Add("events", strings.Join(tr.Events, ", "))
		}
		if bypass != "" {
			ev = ev.Add("package bypass", bypass)
		}
		p.Report(Finding{
			Severity:  Warning,
			Location:  locOf(tr.Pos),
			Object:    so.Name,
			Component: tr.Name,
			Key:       tr.Name,
			Message:   fmt.Sprintf("trigger %s of %s runs on %s, which the integration writes: its checks cannot be read or changed in this repository", tr.Name, pkg, so.Name),
			Evidence:  ev,
			Fix:       fmt.Sprintf("Find out from the %s documentation what %s rejects, and exempt the integration user with the package's own switch where it has one.", pkg, tr.Name),
		})
	}
}

// triggerNamespace is the namespace of a trigger: its name's prefix, or the
// namespace of the installed package folder it was retrieved into.
func triggerNamespace(org *metadata.Org, tr *metadata.ApexTrigger) string {
	if ns := metadata.ParseNamespace(tr.Name); ns != "" {
		return ns
	}
	for _, root := range org.Roots {
		if root.Namespace != "" && (root.Path == "." || strings.HasPrefix(tr.Pos.File, root.Path+"/")) {
			return root.Namespace
		}
	}
	return ""
}
