package findings

import (
	"fmt"
	"strings"

	"github.com/synclint/synclint/metadata"
)

// AU02 finds automation that rewrites fields HubSpot writes, and flows
// that reject saves with a Custom Error element.
var AU02 = Register(&Rule{
	ID:        "AU02",
	Name:      "automation-rewrites-synced-field",
	Title:     "Automation rewrites synced fields",
	Category:  CategoryAutomation,
	Severity:  Warning,
	Precision: PrecisionHigh,
	Bucket:    BucketCustomCode,
	Tags:      []string{"flow", "workflow", "process-builder", "automation", "custom-code"},
	Summary:   "An active record-triggered flow, process or workflow field update writes a field HubSpot also writes, or a flow on a synced object rejects the save with a Custom Error element.",
	Doc: `Automation runs on every save the integration makes ("Triggers and Order of
Execution": before-save flows, then triggers, validation, after-save flows,
workflow rules and processes; developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_triggers_order_of_execution.htm).
When it writes a field that a two-way or prefer-Salesforce mapping also
writes, the value HubSpot sent is replaced: HubSpot then syncs the rewritten
value back (two-way), or the automation regenerates an invalid value after
every fix. When it writes an invalid value (a picklist value the field does
not have), the original save fails with it.

What is checked statically:

- **Flows**: active record-triggered flows (start object, RecordBeforeSave or
  RecordAfterSave) and processes (Process Builder, processType Workflow) on
  an object the integration writes, whose record updates, record creates or
  $Record assignments write a field of a synced object that a writing
  mapping fills. Draft, obsolete and inactive versions do not run; screen
  flows and autolaunched flows without a record trigger are not started by
  an integration save.
- **Custom Error elements** in such flows reject the save ("Flow Element:
  Custom Error": the record is not saved and the message is shown;
  help.salesforce.com/s/articleView?id=sf.flow_ref_elements_custom_error.htm);
  they are errors.
- **Workflow field updates** run by an active workflow rule (immediate or
  time-dependent action) of an object the integration writes, updating a
  field a writing mapping fills (the workflow's object, or its parent when
  the update targets a master record).

With records nothing is counted. Example: the active before-save flow
Lead_Before_Save_Defaults assigns $Record.Country = "United States" when
Country is blank: HubSpot's blank country is replaced.`,
	Fix: "Leave fields HubSpot owns out of the automation (or add an entry condition that skips the integration user), or stop syncing the field from HubSpot.",
	Run: runAU02,
})

func runAU02(p *Pass) {
	for _, fl := range p.Org.Flows {
		if !fl.Active || fl.Object == "" {
			continue
		}
		if fl.TriggerType != "RecordBeforeSave" && fl.TriggerType != "RecordAfterSave" && fl.ProcessType != "Workflow" {
			continue
		}
		so := p.Sync.Object(fl.Object)
		if !writes(so) || !flowFires(fl, so) {
			continue
		}
		for _, ce := range fl.CustomErrors {
			reportAU02CustomError(p, fl, so, ce)
		}
		for _, w := range fl.FieldWrites {
			obj := w.Object
			if obj == "" {
				obj = fl.Object
			}
			for _, t := range p.Sync.TargetsFor(obj, w.Field) {
				reportAU02Write(p, fl.Name, fmt.Sprintf("%s %s (%s, %s %s)", flowKind(fl), fl.Name, fl.Status, triggerTypeText(fl), fl.RecordTriggerType),
					locOf(w.Pos), t, flowValueText(w), w.Element)
				break
			}
		}
	}
	for _, wf := range p.Org.Workflows {
		so := p.Sync.Object(wf.Object)
		if !writes(so) {
			continue
		}
		updates := map[string]*metadata.WorkflowFieldUpdate{}
		for _, fu := range wf.FieldUpdates {
			updates[strings.ToLower(fu.Name)] = fu
		}
		reported := map[string]bool{}
		for _, r := range wf.Rules {
			if !r.Active {
				continue
			}
			if r.TriggerType == "onCreateOnly" && !so.Creates {
				continue
			}
			for _, a := range ruleFieldUpdates(r) {
				fu := updates[strings.ToLower(a)]
				if fu == nil || reported[strings.ToLower(fu.Name)] {
					continue
				}
				obj := wf.Object
				if fu.TargetObject != "" {
					obj = fu.TargetObject
				}
				for _, t := range p.Sync.TargetsFor(obj, fu.Field) {
					reported[strings.ToLower(fu.Name)] = true
					reportAU02Write(p, wf.Object+".workflow "+fu.Name,
						fmt.Sprintf("workflow field update %s of active rule %q (%s)", fu.Name, decodeRecordTypeValue(r.Name), r.TriggerType),
						locOf(fu.Pos), t, workflowValueText(fu), "")
					break
				}
			}
		}
	}
}

// flowFires reports whether the flow starts on integration saves.
func flowFires(fl *metadata.Flow, so *SyncedObject) bool {
	switch fl.RecordTriggerType {
	case "Create":
		return so.Creates
	case "Update":
		return so.Updates
	case "Delete":
		return false
	}
	return true
}

func flowKind(fl *metadata.Flow) string {
	if fl.ProcessType == "Workflow" {
		return "process"
	}
	return "record-triggered flow"
}

func triggerTypeText(fl *metadata.Flow) string {
	switch fl.TriggerType {
	case "RecordBeforeSave":
		return "before save"
	case "RecordAfterSave":
		return "after save"
	}
	return fl.TriggerType
}

func ruleFieldUpdates(r *metadata.WorkflowRule) []string {
	var out []string
	if len(r.ActionRefs) > 0 {
		for _, a := range r.ActionRefs {
			if a.Type == "FieldUpdate" {
				out = append(out, a.Name)
			}
		}
		return out
	}
	return r.Actions
}

func flowValueText(w metadata.FlowFieldWrite) string {
	switch {
	case w.Value == "":
		return "a value"
	case w.ValueType == "elementReference":
		return "the value of " + w.Value
	case w.ValueType == "formula":
		return "formula " + w.Value
	}
	return quote(w.Value)
}

func workflowValueText(fu *metadata.WorkflowFieldUpdate) string {
	switch fu.Operation {
	case "Literal":
		return quote(fu.LiteralValue)
	case "Formula":
		return "formula " + compactSpace(fu.Formula)
	case "Null":
		return "blank"
	case "LookupValue":
		return "record " + fu.LookupValue
	}
	return fu.Operation
}

func reportAU02Write(p *Pass, subject, what string, loc Location, t *Target, value, element string) {
	field := t.Ref.String()
	if t.Field != nil {
		field = t.Field.QualifiedName()
	}
	prop := t.Mapping.HubSpot.String()
	ev := Evidence{}.Add("automation", what)
	if element != "" {
		ev = ev.Add("element", element)
	}
	ev = ev.Add("writes", field+" = "+value).Add("HubSpot writes", field+" from "+prop+" ("+string(t.Mapping.Rule)+")")
	p.Report(Finding{
		Message:         fmt.Sprintf("%s writes %s, which HubSpot also writes from %s: the value HubSpot sends is replaced (%s)", what, field, prop, value),
		Location:        loc,
		Component:       subject + " -> " + field,
		Object:          t.Ref.Object,
		Field:           t.Ref.Field,
		HubSpotProperty: prop,
		Key:             prop,
		Evidence:        ev,
		Fix:             fmt.Sprintf("Remove %s from the automation's writes or add an entry condition that skips the integration user; or set the mapping of %s to always-use-Salesforce if Salesforce owns the value.", field, prop),
	})
}

func reportAU02CustomError(p *Pass, fl *metadata.Flow, so *SyncedObject, ce metadata.FlowCustomError) {
	ev := Evidence{}.Add("flow", fmt.Sprintf("%s (%s, %s %s on %s)", fl.Name, fl.Status, triggerTypeText(fl), fl.RecordTriggerType, fl.Object)).
		Add("custom error", ce.Name)
	if ce.Message != "" {
		ev = ev.Add("message", ce.Message)
	}
	p.Report(Finding{
		Severity:  Error,
		Message:   fmt.Sprintf("active record-triggered flow %s on %s has a Custom Error element (%s): when its path is reached, the integration's save is rejected", fl.Name, so.Name, ce.Name),
		Location:  locOf(ce.Pos),
		Component: fl.Name,
		Object:    so.Name,
		Key:       ce.Name,
		Evidence:  ev,
		Fix:       fmt.Sprintf("Add an entry condition to %s that skips the integration user, or make sure HubSpot sends the values the flow's decision expects.", fl.Name),
	})
}
