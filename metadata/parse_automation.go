package metadata

import (
	"strings"

	"github.com/antchfx/xmlquery"
)

// parseTriggerSource reads the header of an Apex trigger:
// "trigger Name on Object (before insert, after update, …) {".
func parseTriggerSource(src string) (name, object string, events []string, ok bool) {
	name, object, events, _, ok = parseTriggerHeader(src)
	return
}

// parseTriggerHeader is parseTriggerSource that also returns the 1-based
// line of the trigger keyword (after any leading comments).
func parseTriggerHeader(src string) (name, object string, events []string, line int, ok bool) {
	s := &apexScanner{src: src}
	s.skip()
	line = 1 + strings.Count(src[:s.pos], "\n")
	if !strings.EqualFold(s.ident(), "trigger") {
		return "", "", nil, line, false
	}
	name = s.ident()
	if !strings.EqualFold(s.ident(), "on") {
		return "", "", nil, line, false
	}
	object = s.ident()
	if name == "" || object == "" || !s.punct('(') {
		return "", "", nil, line, false
	}
	end := strings.IndexByte(s.src[s.pos:], ')')
	if end < 0 {
		return "", "", nil, line, false
	}
	for _, ev := range strings.Split(s.src[s.pos:s.pos+end], ",") {
		ev = strings.ToLower(strings.Join(strings.Fields(stripApexComments(ev)), " "))
		if ev != "" {
			events = append(events, ev)
		}
	}
	return name, object, events, line, len(events) > 0
}

// apexScanner reads identifiers, skipping white space and comments.
type apexScanner struct {
	src string
	pos int
}

func (s *apexScanner) skip() {
	for s.pos < len(s.src) {
		switch {
		case strings.HasPrefix(s.src[s.pos:], "//"):
			if i := strings.IndexByte(s.src[s.pos:], '\n'); i >= 0 {
				s.pos += i + 1
			} else {
				s.pos = len(s.src)
			}
		case strings.HasPrefix(s.src[s.pos:], "/*"):
			if i := strings.Index(s.src[s.pos+2:], "*/"); i >= 0 {
				s.pos += i + 4
			} else {
				s.pos = len(s.src)
			}
		case s.src[s.pos] == ' ' || s.src[s.pos] == '\t' || s.src[s.pos] == '\n' || s.src[s.pos] == '\r' || s.src[s.pos] == '\f':
			s.pos++
		case strings.HasPrefix(s.src[s.pos:], "\ufeff"):
			s.pos += len("\ufeff")
		default:
			return
		}
	}
}

func (s *apexScanner) ident() string {
	s.skip()
	start := s.pos
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			s.pos++
			continue
		}
		break
	}
	return s.src[start:s.pos]
}

func (s *apexScanner) punct(c byte) bool {
	s.skip()
	if s.pos < len(s.src) && s.src[s.pos] == c {
		s.pos++
		return true
	}
	return false
}

func stripApexComments(s string) string {
	for {
		i := strings.Index(s, "/*")
		if i < 0 {
			break
		}
		j := strings.Index(s[i+2:], "*/")
		if j < 0 {
			s = s[:i]
			break
		}
		s = s[:i] + " " + s[i+2+j+2:]
	}
	if i := strings.Index(s, "//"); i >= 0 {
		if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
			s = s[:i] + s[i+j:]
		} else {
			s = s[:i]
		}
	}
	return s
}

// parseFlow reads a Flow root. Field writes are collected from record
// updates and creates (inputAssignments), assignments to $Record fields and
// to SObject variables a record update or create later saves.
func (c *fileCtx) parseFlow(root *xmlquery.Node, name string, version int) *Flow {
	fl := &Flow{Name: name, Version: version, Pos: c.pos(root)}
	vars := map[string]string{} // SObject variable (lower-cased) → object
	var updates, creates, assigns []*xmlquery.Node
	pbMeta := map[string]string{}
	for e := firstElem(root); e != nil; e = nextElem(e) {
		switch e.Data {
		case "label":
			fl.Label = c.text(e)
		case "processType":
			fl.ProcessType = c.name(e)
		case "status":
			fl.Status = c.name(e)
		case "start":
			for f := firstElem(e); f != nil; f = nextElem(f) {
				switch f.Data {
				case "object":
					fl.Object = c.qualify(c.name(f))
				case "recordTriggerType":
					fl.RecordTriggerType = c.name(f)
				case "triggerType":
					fl.TriggerType = c.name(f)
				}
			}
		case "variables":
			var vname, objType, dataType string
			collection := false
			for f := firstElem(e); f != nil; f = nextElem(f) {
				switch f.Data {
				case "name":
					vname = c.name(f)
				case "objectType":
					objType = c.qualify(c.name(f))
				case "dataType":
					dataType = c.name(f)
				case "isCollection":
					collection = c.bool(f)
				}
			}
			if dataType == "SObject" && !collection && vname != "" && objType != "" {
				vars[strings.ToLower(vname)] = objType
			}
		case "processMetadataValues":
			k, v := c.flowMetaValue(e)
			if k != "" {
				pbMeta[k] = v
			}
		case "recordUpdates":
			updates = append(updates, e)
		case "recordCreates":
			creates = append(creates, e)
		case "assignments":
			assigns = append(assigns, e)
		case "customErrors":
			ce := FlowCustomError{Pos: c.pos(e)}
			for f := firstElem(e); f != nil; f = nextElem(f) {
				switch f.Data {
				case "name":
					ce.Name = c.name(f)
				case "customErrorMessages":
					if ce.Message == "" {
						ce.Message = c.childText(f, "errorMessage")
					}
				}
			}
			fl.CustomErrors = append(fl.CustomErrors, ce)
		case "actionCalls":
			ac := FlowActionCall{Pos: c.pos(e)}
			for f := firstElem(e); f != nil; f = nextElem(f) {
				switch f.Data {
				case "name":
					ac.Name = c.name(f)
				case "actionType":
					ac.ActionType = c.name(f)
				case "actionName":
					ac.ActionName = c.name(f)
				}
			}
			fl.ActionCalls = append(fl.ActionCalls, ac)
		}
	}
	// Process Builder keeps its trigger in processMetadataValues
	// (salesforce-metadata.md §11). Processes run after the save, like
	// workflow rules ("Triggers and Order of Execution", apexcode
	// apex_triggers_order_of_execution.htm); onCreateOnly fires on create,
	// onAllChanges on create and every edit.
	if fl.ProcessType == "Workflow" {
		if fl.Object == "" {
			fl.Object = c.qualify(pbMeta["ObjectType"])
		}
		fl.ProcessTriggerType = pbMeta["TriggerType"]
		switch fl.ProcessTriggerType {
		case "onCreateOnly":
			fl.RecordTriggerType = "Create"
		case "onAllChanges":
			fl.RecordTriggerType = "CreateAndUpdate"
		}
		if fl.TriggerType == "" && fl.ProcessTriggerType != "" {
			fl.TriggerType = "RecordAfterSave"
		}
	}
	if fl.Object != "" {
		// $Record (record-triggered flows) and Process Builder's
		// myVariable_current are the triggering record.
		vars["$record"] = fl.Object
		if _, ok := vars["myvariable_current"]; !ok && fl.ProcessType == "Workflow" {
			vars["myvariable_current"] = fl.Object
		}
	}
	saved := map[string]bool{} // variables saved by a record update/create
	for _, kind := range []struct {
		nodes []*xmlquery.Node
		kind  string
	}{{updates, "recordUpdate"}, {creates, "recordCreate"}} {
		for _, e := range kind.nodes {
			var elem, object, inputRef string
			var items []*xmlquery.Node
			for f := firstElem(e); f != nil; f = nextElem(f) {
				switch f.Data {
				case "name":
					elem = c.name(f)
				case "object":
					object = c.qualify(c.name(f))
				case "inputReference":
					inputRef = c.name(f)
				case "inputAssignments":
					items = append(items, f)
				}
			}
			if object == "" && inputRef != "" {
				object = vars[strings.ToLower(inputRef)]
				saved[strings.ToLower(inputRef)] = true
			}
			for _, it := range items {
				w := FlowFieldWrite{Object: object, Element: elem, Kind: kind.kind, Pos: c.pos(it)}
				for f := firstElem(it); f != nil; f = nextElem(f) {
					switch f.Data {
					case "field":
						w.Field = c.qualify(c.name(f))
					case "value":
						w.ValueType, w.Value = c.flowValue(f)
					}
				}
				if w.Field != "" {
					fl.FieldWrites = append(fl.FieldWrites, w)
				}
			}
		}
	}
	for _, e := range assigns {
		elem := c.childText(e, "name")
		for it := firstElem(e); it != nil; it = nextElem(it) {
			if it.Data != "assignmentItems" {
				continue
			}
			var ref, op string
			w := FlowFieldWrite{Element: strings.TrimSpace(elem), Kind: "assignment", Pos: c.pos(it)}
			for f := firstElem(it); f != nil; f = nextElem(f) {
				switch f.Data {
				case "assignToReference":
					ref = c.name(f)
				case "operator":
					op = c.name(f)
				case "value":
					w.ValueType, w.Value = c.flowValue(f)
				}
			}
			if op != "" && op != "Assign" {
				continue
			}
			v, field, ok := strings.Cut(ref, ".")
			if !ok || strings.Contains(field, ".") {
				continue
			}
			lv := strings.ToLower(v)
			obj, known := vars[lv]
			if !known || (lv != "$record" && !saved[lv]) {
				continue
			}
			w.Object, w.Field = obj, c.qualify(field)
			fl.FieldWrites = append(fl.FieldWrites, w)
		}
	}
	if fl.Label == "" {
		fl.Label = fl.Name
	}
	return fl
}

// flowMetaValue reads <processMetadataValues><name>k</name><value>…</value>.
func (c *fileCtx) flowMetaValue(n *xmlquery.Node) (string, string) {
	var k, v string
	for f := firstElem(n); f != nil; f = nextElem(f) {
		switch f.Data {
		case "name":
			k = c.name(f)
		case "value":
			_, v = c.flowValue(f)
		}
	}
	return k, v
}

// flowValue reads a flow <value>: its single child names the value type
// (stringValue, booleanValue, numberValue, dateValue, elementReference, …).
func (c *fileCtx) flowValue(n *xmlquery.Node) (string, string) {
	e := firstElem(n)
	if e == nil {
		return "", ""
	}
	return e.Data, c.text(e)
}

// parseFlowDefinition reads a FlowDefinition root.
func (c *fileCtx) parseFlowDefinition(root *xmlquery.Node, name string) *flowDefinition {
	d := &flowDefinition{name: name, pos: c.pos(root)}
	for e := firstElem(root); e != nil; e = nextElem(e) {
		if e.Data == "activeVersionNumber" {
			d.activeVersion = c.int(e)
			d.hasActive = true
		}
	}
	return d
}

// parseWorkflow reads a Workflow root: field updates and rules of one
// object (other actions are ignored).
func (c *fileCtx) parseWorkflow(root *xmlquery.Node, object string) *Workflow {
	w := &Workflow{Object: c.qualify(object), Pos: c.pos(root)}
	for e := firstElem(root); e != nil; e = nextElem(e) {
		switch e.Data {
		case "fieldUpdates":
			if fu := c.parseFieldUpdate(e, ""); fu != nil {
				w.FieldUpdates = append(w.FieldUpdates, fu)
			}
		case "rules":
			if r := c.parseWorkflowRule(e, ""); r != nil {
				w.Rules = append(w.Rules, r)
			}
		}
	}
	return w
}

// parseFieldUpdate reads a <fieldUpdates> element or WorkflowFieldUpdate root.
func (c *fileCtx) parseFieldUpdate(n *xmlquery.Node, fallbackName string) *WorkflowFieldUpdate {
	fu := &WorkflowFieldUpdate{Pos: c.pos(n)}
	for e := firstElem(n); e != nil; e = nextElem(e) {
		switch e.Data {
		case "fullName":
			fu.Name = c.name(e)
		case "field":
			fu.Field = c.qualify(c.name(e))
		case "operation":
			fu.Operation = c.name(e)
		case "literalValue":
			fu.LiteralValue = c.text(e)
		case "formula":
			fu.Formula = c.text(e)
		case "lookupValue":
			fu.LookupValue = c.text(e)
		case "targetObject":
			fu.TargetObject = c.qualify(c.name(e))
		case "reevaluateOnChange":
			fu.ReevaluateOnChange = c.bool(e)
		}
	}
	if fu.Name == "" {
		fu.Name = fallbackName
	}
	if fu.Name == "" {
		c.diag(n.LineNumber, "workflow field update without <fullName>; ignored")
		return nil
	}
	return fu
}

// parseWorkflowRule reads a <rules> element or WorkflowRule root.
func (c *fileCtx) parseWorkflowRule(n *xmlquery.Node, fallbackName string) *WorkflowRule {
	r := &WorkflowRule{Pos: c.pos(n)}
	addAction := func(a *xmlquery.Node, timed bool) {
		ref := WorkflowActionRef{TimeDependent: timed}
		for f := firstElem(a); f != nil; f = nextElem(f) {
			switch f.Data {
			case "name":
				ref.Name = c.name(f)
			case "type":
				ref.Type = c.name(f)
			}
		}
		if ref.Name != "" {
			r.Actions = append(r.Actions, ref.Name)
			r.ActionRefs = append(r.ActionRefs, ref)
		}
	}
	for e := firstElem(n); e != nil; e = nextElem(e) {
		switch e.Data {
		case "fullName":
			r.Name = c.name(e)
		case "active":
			r.Active = c.bool(e)
		case "formula":
			r.Formula = c.text(e)
		case "triggerType":
			r.TriggerType = c.name(e)
		case "booleanFilter":
			r.BooleanFilter = c.text(e)
		case "criteriaItems":
			r.CriteriaItems = append(r.CriteriaItems, c.parseFilterItem(e))
		case "actions":
			addAction(e, false)
		case "workflowTimeTriggers":
			for a := firstElem(e); a != nil; a = nextElem(a) {
				if a.Data == "actions" {
					addAction(a, true)
				}
			}
		}
	}
	if r.Name == "" {
		r.Name = fallbackName
	}
	if r.Name == "" {
		c.diag(n.LineNumber, "workflow rule without <fullName>; ignored")
		return nil
	}
	return r
}
