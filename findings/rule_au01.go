package findings

import (
	"fmt"
	"strings"
)

// AU01 finds active Apex triggers on synced objects that reject saves.
var AU01 = Register(&Rule{
	ID:        "AU01",
	Name:      "apex-trigger-rejects",
	Title:     "Apex trigger rejects writes",
	Category:  CategoryAutomation,
	Severity:  Error,
	Precision: PrecisionMedium,
	Bucket:    BucketCustomCode,
	Tags:      []string{"apex", "trigger", "automation", "custom-code"},
	Summary:   "An active Apex trigger on an object the integration writes calls addError, directly or in a handler class it calls: the integration's save fails whenever the condition around the call holds.",
	Doc: `SObject.addError "marks a trigger record with a custom error message and
prevents any DML operation from occurring" (Apex Reference, SObject Class:
developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_methods_system_sobject.htm).
Triggers run on every save through the API, the integration user's included
("Triggers and Order of Execution", developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_triggers_order_of_execution.htm);
HubSpot files the rejection under "Custom code"
(knowledge.hubspot.com/salesforce/resolve-salesforce-integration-sync-errors).

What is checked statically: every trigger whose -meta.xml status is Active
(Inactive triggers do not run), on an object the integration writes (some
two-way or prefer-Salesforce mapping targets it), with an insert event when
the integration creates records of the object or an update event when it
updates them. synclint searches the trigger for addError calls and follows
calls into the repository's classes by name (a class named in reachable
code is entered; its methods whose names are called become reachable; up to
three classes away), after blanking comments and string literals so that a
commented-out addError is not counted. Each call is reported with the
innermost enclosing if condition and, when the error is on a field or the
condition reads one, the HubSpot property that writes that field.

Not seen: dispatch through data (a table of handler names, Type.forName),
managed-package triggers (their source is hidden), and runtime switches
(custom settings that turn triggers off): the precision is medium. With
records nothing is counted: the condition is Apex, which synclint does not
evaluate.

Example: LeadTrigger (before insert, before update) calls
LeadTriggerHandler.beforeInsert, which calls l.Email.addError(…) when the
email's domain is a free-mail domain: HubSpot contacts with gmail.com
addresses never become Leads.`,
	Fix: "Exempt the integration user in the trigger (a custom permission checked with FeatureManagement.checkPermission), or make the HubSpot data satisfy the condition before it syncs.",
	Run: runAU01,
})

func runAU01(p *Pass) {
	for _, tr := range triggerReaches(p) {
		so := p.Sync.Object(tr.Trigger.Object)
		if !writes(so) || !triggerFires(tr.Trigger, so) {
			continue
		}
		// Keys name the call, not its line, so fingerprints survive edits
		// that move lines; identical calls get an ordinal.
		seen := map[string]int{}
		for _, s := range tr.Sites {
			key := fmt.Sprintf("%s|%s.addError(%s)|%s", s.Unit.Name, s.Receiver, s.Message, s.Condition)
			seen[key]++
			if n := seen[key]; n > 1 {
				key += fmt.Sprintf("#%d", n)
			}
			reportAU01(p, tr, so, s, key)
		}
	}
}

func reportAU01(p *Pass, tr *TriggerReach, so *SyncedObject, s *ErrorSite, key string) {
	component := tr.Trigger.Name
	if s.Class != "" {
		component += " -> " + s.Class
	}
	ev := Evidence{}.Add("trigger", fmt.Sprintf("%s on %s (%s), active", tr.Trigger.Name, tr.Trigger.Object, triggerEventsText(tr.Trigger)))
	if s.Class != "" {
		ev = ev.Add("handler", fmt.Sprintf("%s (%s:%d)", s.Class, s.Unit.Pos.File, s.Line))
	}
	ev = ev.Add("call", s.Receiver+".addError("+s.Message+")")
	if s.Condition != "" {
		ev = ev.Add("condition", fmt.Sprintf("if (%s) at line %d", s.Condition, s.CondLine))
	} else {
		ev = ev.Add("condition", "none found around the call (it may run for every record the loop reaches)")
	}
	// The HubSpot properties behind the fields the error or its condition
	// reads.
	var refs []*Target
	if s.Field != "" {
		for _, t := range so.Targets {
			if strings.EqualFold(t.Ref.Field, s.Field) {
				refs = append(refs, t)
			}
		}
	}
	refs = append(refs, apexFieldRefs(s.Condition, so)...)
	prop := ""
	var props []string
	seen := map[string]bool{}
	for _, t := range refs {
		k := t.Mapping.HubSpot.String()
		if !seen[k] {
			seen[k] = true
			props = append(props, k+" → "+t.Ref.String())
		}
		if prop == "" {
			prop = k
		}
	}
	if len(props) > 0 {
		ev = ev.Add("synced fields involved", strings.Join(props, ", "))
	}
	where := "directly"
	if s.Class != "" {
		where = "in " + s.Class
	}
	msg := fmt.Sprintf("active trigger %s on %s calls addError %s", tr.Trigger.Name, so.Name, where)
	if s.Condition != "" {
		msg += " when " + s.Condition
	}
	msg += ": the integration's save of that " + so.Name + " is rejected"
	fix := fmt.Sprintf("Skip the check in %s for the integration user (e.g. if (!FeatureManagement.checkPermission('HubSpot_Integration')) around line %d), or clean the HubSpot %s so the condition never holds.", fileBase(s.Unit.Pos.File), s.Line, so.HubSpotObject)
	p.Report(Finding{
		Message:         msg,
		Location:        Location{File: s.Unit.Pos.File, Line: s.Line},
		Component:       component,
		Object:          so.Name,
		Field:           s.Field,
		HubSpotProperty: prop,
		Key:             key,
		Evidence:        ev,
		Fix:             fix,
		Related:         []Location{{File: tr.Trigger.Pos.File, Line: tr.Trigger.Pos.Line, Message: "trigger " + tr.Trigger.Name}},
	})
}

// fileBase returns the last element of a slash path.
func fileBase(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}
