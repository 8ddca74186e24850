package metadata

import (
	"bytes"
	"strings"

	"github.com/antchfx/xmlquery"
)

// customNameLength is the maximum length of a custom object's Text record
// name: "Record Name … up to 80 characters" (Salesforce Help, "Custom Object
// Record Name", help.salesforce.com/s/articleView?id=sf.custom_field_types.htm
// and Object Reference "Custom Objects": Name "Limit: 80 characters").
const customNameLength = 80

// parseObject reads a CustomObject root: object-level settings and, in
// Metadata API files, the fields, validation rules, record types and
// business processes inline.
func (c *fileCtx) parseObject(root *xmlquery.Node, name string) *Object {
	name = c.qualify(name)
	obj := &Object{
		Name:      name,
		Pos:       c.pos(root),
		Custom:    isCustomName(name),
		Namespace: ParseNamespace(name),
		Fields:    map[string]*Field{},
	}
	var formulaNodes []*xmlquery.Node
	var allRules []*ValidationRule
	for e := firstElem(root); e != nil; e = nextElem(e) {
		switch e.Data {
		case "label":
			obj.Label = c.text(e)
		case "nameField":
			obj.NameField = c.parseNameField(e, name)
		case "customSettingsType":
			obj.CustomSettingsType = c.name(e)
		case "sharingModel":
			obj.SharingModel = c.name(e)
		case "fields":
			if f := c.parseField(e, name, ""); f != nil {
				if prev, dup := obj.Fields[strings.ToLower(f.Name)]; dup {
					c.diag(f.Pos.Line, "duplicate field %s.%s (first defined on line %d); this one is ignored", name, f.Name, prev.Pos.Line)
					continue
				}
				obj.Fields[strings.ToLower(f.Name)] = f
				obj.FieldOrder = append(obj.FieldOrder, strings.ToLower(f.Name))
			}
		case "validationRules":
			r, fn := c.parseValidationRule(e, name, "")
			// Every rule takes part in locating formula bytes, kept or
			// not, so that the k-th formula tag matches the k-th rule.
			allRules = append(allRules, r)
			formulaNodes = append(formulaNodes, fn)
			if r == nil {
				continue
			}
			if prev := findRule(obj.ValidationRules, r.Name); prev != nil {
				c.diag(r.Pos.Line, "duplicate validation rule %s.%s (first defined on line %d); this one is ignored", name, r.Name, prev.Pos.Line)
				continue
			}
			obj.ValidationRules = append(obj.ValidationRules, r)
		case "recordTypes":
			if rt := c.parseRecordType(e, name, ""); rt != nil {
				if prev := findRecordType(obj.RecordTypes, rt.Name); prev != nil {
					c.diag(rt.Pos.Line, "duplicate record type %s.%s (first defined on line %d); this one is ignored", name, rt.Name, prev.Pos.Line)
					continue
				}
				obj.RecordTypes = append(obj.RecordTypes, rt)
			}
		case "businessProcesses":
			if bp := c.parseBusinessProcess(e, name, ""); bp != nil {
				if prev := findProcess(obj.BusinessProcesses, bp.Name); prev != nil {
					c.diag(bp.Pos.Line, "duplicate business process %s.%s (first defined on line %d); this one is ignored", name, bp.Name, prev.Pos.Line)
					continue
				}
				obj.BusinessProcesses = append(obj.BusinessProcesses, bp)
			}
		}
	}
	if obj.NameField != nil {
		if _, ok := obj.Fields["name"]; !ok {
			obj.Fields["name"] = obj.NameField
			obj.FieldOrder = append(obj.FieldOrder, "name")
		}
	}
	c.locateFormulas(allRules, formulaNodes)
	return obj
}

func findRule(rs []*ValidationRule, name string) *ValidationRule {
	for _, r := range rs {
		if strings.EqualFold(r.Name, name) {
			return r
		}
	}
	return nil
}

func findRecordType(rs []*RecordType, name string) *RecordType {
	for _, r := range rs {
		if strings.EqualFold(r.Name, name) {
			return r
		}
	}
	return nil
}

func findProcess(ps []*BusinessProcess, name string) *BusinessProcess {
	for _, p := range ps {
		if strings.EqualFold(p.Name, name) {
			return p
		}
	}
	return nil
}

// parseNameField reads <nameField>: the Name field of a custom object. A
// Text name must be supplied on create; an AutoNumber one is generated.
func (c *fileCtx) parseNameField(n *xmlquery.Node, object string) *Field {
	f := &Field{Object: object, Name: "Name", Pos: c.pos(n), Standard: true}
	for e := firstElem(n); e != nil; e = nextElem(e) {
		switch e.Data {
		case "label":
			f.Label = c.text(e)
		case "type":
			f.Type = FieldType(c.name(e))
		case "displayFormat":
			f.DisplayFormat = c.text(e)
		case "description":
			f.Description = c.text(e)
		case "inlineHelpText":
			f.InlineHelpText = c.text(e)
		}
	}
	if f.Type == TypeText || f.Type == TypeUnknown {
		f.Type = TypeText
		f.Required = true
		f.Length = customNameLength
	}
	return f
}

// parseField reads a <fields> element or a CustomField root. fallbackName
// is the name from the file name (source format).
func (c *fileCtx) parseField(n *xmlquery.Node, object, fallbackName string) *Field {
	f := &Field{Object: object, Pos: c.pos(n)}
	for e := firstElem(n); e != nil; e = nextElem(e) {
		switch e.Data {
		case "fullName":
			f.Name = c.name(e)
		case "label":
			f.Label = c.text(e)
		case "type":
			f.Type = FieldType(c.name(e))
		case "length":
			f.Length = c.int(e)
		case "precision":
			f.Precision = c.int(e)
		case "scale":
			f.Scale = c.int(e)
		case "required":
			f.Required = c.bool(e)
		case "unique":
			f.Unique = c.bool(e)
		case "externalId":
			f.ExternalID = c.bool(e)
		case "caseSensitive":
			f.CaseSensitive = c.bool(e)
		case "defaultValue":
			f.DefaultValue = c.text(e)
		case "formula":
			f.Formula = c.text(e)
		case "summaryOperation":
			f.SummaryOperation = c.name(e)
		case "valueSet":
			f.Picklist = c.parseValueSet(e)
		case "picklist":
			f.Picklist = c.parseLegacyPicklist(e)
		case "referenceTo":
			if r := c.name(e); r != "" {
				f.ReferenceTo = append(f.ReferenceTo, c.qualify(r))
			}
		case "relationshipName":
			f.RelationshipName = c.name(e)
		case "deleteConstraint":
			f.DeleteConstraint = c.name(e)
		case "lookupFilter":
			f.LookupFilter = c.parseLookupFilter(e)
		case "reparentableMasterDetail":
			f.ReparentableMasterDetail = c.bool(e)
		case "description":
			f.Description = c.text(e)
		case "inlineHelpText":
			f.InlineHelpText = c.text(e)
		case "displayFormat":
			f.DisplayFormat = c.text(e)
		}
	}
	// fullName is object-relative; tolerate a qualified one.
	if i := strings.LastIndexByte(f.Name, '.'); i >= 0 {
		f.Name = f.Name[i+1:]
	}
	if f.Name == "" {
		f.Name = fallbackName
	}
	if f.Name == "" {
		c.diag(n.LineNumber, "field of %s has no <fullName>; ignored", object)
		return nil
	}
	f.Name = c.qualify(f.Name)
	f.Standard = !isCustomField(f.Name)
	f.Namespace = ParseNamespace(f.Name)
	if f.Type == TypeMasterDetail {
		// Master-detail fields are always required and carry no <required>
		// element (salesforce-metadata.md §3.1; Object Reference "Required
		// Fields": the master is set on create).
		f.Required = true
	}
	if f.Picklist != nil && f.Picklist.ControllingField != "" {
		f.Picklist.ControllingField = c.qualify(f.Picklist.ControllingField)
	}
	return f
}

// parseValueSet reads <valueSet> (API 38 and later).
func (c *fileCtx) parseValueSet(n *xmlquery.Node) *Picklist {
	p := &Picklist{Pos: c.pos(n)}
	for e := firstElem(n); e != nil; e = nextElem(e) {
		switch e.Data {
		case "restricted":
			p.Restricted = c.bool(e)
		case "valueSetName":
			p.GlobalValueSet = c.qualifyComponent(c.name(e))
		case "controllingField":
			p.ControllingField = c.name(e)
		case "valueSetDefinition":
			for v := firstElem(e); v != nil; v = nextElem(v) {
				switch v.Data {
				case "sorted":
					p.Sorted = c.bool(v)
				case "value":
					p.Values = append(p.Values, c.parsePicklistValue(v, false))
				}
			}
		case "valueSettings":
			var value string
			var controlling []string
			for v := firstElem(e); v != nil; v = nextElem(v) {
				switch v.Data {
				case "valueName":
					value = c.text(v)
				case "controllingFieldValue":
					controlling = append(controlling, c.text(v))
				}
			}
			p.addDependency(value, controlling, c.pos(e))
		}
	}
	return p
}

func (p *Picklist) addDependency(value string, controlling []string, pos Pos) {
	for i := range p.Dependencies {
		if p.Dependencies[i].Value == value {
			p.Dependencies[i].ControllingValues = append(p.Dependencies[i].ControllingValues, controlling...)
			return
		}
	}
	p.Dependencies = append(p.Dependencies, ValueDependency{Value: value, ControllingValues: controlling, Pos: pos})
}

// parseLegacyPicklist reads <picklist> (API 37 and earlier): values in
// <picklistValues>, dependencies as <controllingFieldValues> on each value.
func (c *fileCtx) parseLegacyPicklist(n *xmlquery.Node) *Picklist {
	p := &Picklist{Pos: c.pos(n), Legacy: true}
	for e := firstElem(n); e != nil; e = nextElem(e) {
		switch e.Data {
		case "restrictedPicklist":
			p.Restricted = c.bool(e)
		case "controllingField":
			p.ControllingField = c.name(e)
		case "sorted":
			p.Sorted = c.bool(e)
		case "picklistValues":
			v := c.parsePicklistValue(e, false)
			p.Values = append(p.Values, v)
			var controlling []string
			for cv := firstElem(e); cv != nil; cv = nextElem(cv) {
				if cv.Data == "controllingFieldValues" {
					controlling = append(controlling, c.text(cv))
				}
			}
			if len(controlling) > 0 {
				p.addDependency(v.FullName, controlling, v.Pos)
			}
		}
	}
	return p
}

// parsePicklistValue reads a value of a field, value set or legacy
// picklist (<value>, <customValue>, <standardValue>, <picklistValues>).
// Definitions store values literally; record types and business processes
// percent-encode them (encoded=true decodes).
func (c *fileCtx) parsePicklistValue(n *xmlquery.Node, encoded bool) PicklistValue {
	v := PicklistValue{Active: true, Pos: c.pos(n)}
	for e := firstElem(n); e != nil; e = nextElem(e) {
		switch e.Data {
		case "fullName":
			v.FullName = c.text(e)
			if encoded {
				v.FullName = decodeValue(v.FullName)
			}
		case "label":
			v.Label = c.text(e)
		case "default":
			v.Default = c.bool(e)
		case "isActive":
			v.Active = c.bool(e)
		case "closed":
			v.Closed = c.bool(e)
		case "won":
			v.Won = c.bool(e)
		case "probability":
			v.Probability = c.name(e)
		case "forecastCategory":
			v.ForecastCategory = c.name(e)
		case "converted":
			v.Converted = c.bool(e)
		}
	}
	if v.Label == "" {
		v.Label = v.FullName
	}
	return v
}

// parseLookupFilter reads <lookupFilter> (api_meta namedfilter.htm).
func (c *fileCtx) parseLookupFilter(n *xmlquery.Node) *LookupFilter {
	lf := &LookupFilter{Pos: c.pos(n)}
	for e := firstElem(n); e != nil; e = nextElem(e) {
		switch e.Data {
		case "active":
			lf.Active = c.bool(e)
		case "isOptional":
			lf.IsOptional = c.bool(e)
		case "booleanFilter":
			lf.BooleanFilter = c.text(e)
		case "errorMessage":
			lf.ErrorMessage = c.text(e)
		case "infoMessage":
			lf.InfoMessage = c.text(e)
		case "description":
			lf.Description = c.text(e)
		case "filterItems":
			lf.Items = append(lf.Items, c.parseFilterItem(e))
		}
	}
	return lf
}

func (c *fileCtx) parseFilterItem(n *xmlquery.Node) FilterItem {
	var it FilterItem
	for e := firstElem(n); e != nil; e = nextElem(e) {
		switch e.Data {
		case "field":
			it.Field = c.name(e)
		case "operation":
			it.Operation = c.name(e)
		case "value":
			it.Value = c.text(e)
		case "valueField":
			it.ValueField = c.name(e)
		case "table":
			it.Table = c.name(e)
		}
	}
	return it
}

// parseValidationRule reads a <validationRules> element or a ValidationRule
// root. It also returns the <errorConditionFormula> node so the caller can
// locate the formula's bytes.
func (c *fileCtx) parseValidationRule(n *xmlquery.Node, object, fallbackName string) (*ValidationRule, *xmlquery.Node) {
	r := &ValidationRule{Object: object, Pos: c.pos(n)}
	var formula *xmlquery.Node
	for e := firstElem(n); e != nil; e = nextElem(e) {
		switch e.Data {
		case "fullName":
			r.Name = c.name(e)
		case "active":
			r.Active = c.bool(e)
		case "description":
			r.Description = c.text(e)
		case "errorConditionFormula":
			r.Formula = c.text(e)
			formula = e
		case "errorDisplayField":
			r.ErrorDisplayField = c.qualify(c.name(e))
		case "errorMessage":
			r.ErrorMessage = c.text(e)
		}
	}
	if i := strings.LastIndexByte(r.Name, '.'); i >= 0 {
		r.Name = r.Name[i+1:]
	}
	if r.Name == "" {
		r.Name = fallbackName
	}
	if r.Name == "" {
		c.diag(n.LineNumber, "validation rule of %s has no <fullName>; ignored", object)
		return nil, formula
	}
	r.Name = c.qualifyComponent(r.Name)
	r.Namespace = ParseNamespace(r.Name)
	return r, formula
}

// locateFormulas sets FormulaStart/End and FormulaPos of rules from the raw
// bytes: the k-th <errorConditionFormula> start tag of the file (outside
// comments and CDATA) belongs to the k-th formula element of the tree, both
// being in document order. Offsets cover the escaped text exactly as
// written between the tags, so a patch can replace those bytes and keep
// every other byte of the file.
func (c *fileCtx) locateFormulas(rules []*ValidationRule, nodes []*xmlquery.Node) {
	want := 0
	for _, n := range nodes {
		if n != nil {
			want++
		}
	}
	if want == 0 {
		return
	}
	spans := elementContentSpans(c.data, "errorConditionFormula")
	if len(spans) != want {
		c.diag(0, "found %d <errorConditionFormula> tags in the raw file but %d in the parsed tree; formula offsets not set", len(spans), want)
		return
	}
	lines := newLineIndex(c.data)
	k := 0
	for i, r := range rules {
		if nodes[i] == nil {
			continue
		}
		s := spans[k]
		k++
		if r == nil {
			continue // a rule dropped as unnamed still owns its tag
		}
		r.FormulaStart, r.FormulaEnd = s.start, s.end
		line, col := lines.position(s.start)
		r.FormulaPos = Pos{File: c.rel, Line: line, Col: col}
	}
}

type span struct{ start, end int }

// elementContentSpans returns the byte ranges of the content of every
// <name …>…</name> element in data, skipping comments and CDATA sections.
// A self-closing <name/> yields an empty range just after the tag.
func elementContentSpans(data []byte, name string) []span {
	open := []byte("<" + name)
	closeTag := []byte("</" + name)
	var out []span
	i := 0
	for {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			return out
		}
		i += j
		rest := data[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			k := bytes.Index(rest[4:], []byte("-->"))
			if k < 0 {
				return out
			}
			i += 4 + k + 3
			continue
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			k := bytes.Index(rest, []byte("]]>"))
			if k < 0 {
				return out
			}
			i += k + 3
			continue
		case bytes.HasPrefix(rest, open) && len(rest) > len(open) && isTagNameEnd(rest[len(open)]):
			gt := bytes.IndexByte(rest, '>')
			if gt < 0 {
				return out
			}
			start := i + gt + 1
			if rest[gt-1] == '/' {
				out = append(out, span{start, start})
				i = start
				continue
			}
			// The content ends at the matching close tag; content cannot
			// hold another <name> element (it is text), but may hold a
			// CDATA section containing anything.
			k := start
			for {
				m := bytes.IndexByte(data[k:], '<')
				if m < 0 {
					return out
				}
				k += m
				if bytes.HasPrefix(data[k:], []byte("<![CDATA[")) {
					e := bytes.Index(data[k:], []byte("]]>"))
					if e < 0 {
						return out
					}
					k += e + 3
					continue
				}
				if bytes.HasPrefix(data[k:], []byte("<!--")) {
					e := bytes.Index(data[k:], []byte("-->"))
					if e < 0 {
						return out
					}
					k += e + 3
					continue
				}
				if bytes.HasPrefix(data[k:], closeTag) {
					break
				}
				k++
			}
			out = append(out, span{start, k})
			i = k + len(closeTag)
			continue
		}
		i++
	}
}

func isTagNameEnd(b byte) bool {
	return b == '>' || b == '/' || b == ' ' || b == '\t' || b == '\n' || b == '\r'
}

// lineIndex converts byte offsets to 1-based line and column.
type lineIndex struct {
	data  []byte
	line  int
	start int // offset of the current line's first byte
	off   int // offsets before this have been scanned
}

func newLineIndex(data []byte) *lineIndex { return &lineIndex{data: data, line: 1} }

// position returns the line and byte column of off. Offsets must be asked
// in increasing order.
func (l *lineIndex) position(off int) (int, int) {
	for l.off < off {
		j := bytes.IndexByte(l.data[l.off:off], '\n')
		if j < 0 {
			l.off = off
			break
		}
		l.line++
		l.off += j + 1
		l.start = l.off
	}
	return l.line, off - l.start + 1
}

// parseRecordType reads a <recordTypes> element or a RecordType root.
func (c *fileCtx) parseRecordType(n *xmlquery.Node, object, fallbackName string) *RecordType {
	rt := &RecordType{Object: object, Pos: c.pos(n), Picklists: map[string]*RecordTypePicklist{}}
	for e := firstElem(n); e != nil; e = nextElem(e) {
		switch e.Data {
		case "fullName":
			rt.Name = c.name(e)
		case "label":
			rt.Label = c.text(e)
		case "active":
			rt.Active = c.bool(e)
		case "businessProcess":
			rt.BusinessProcess = c.qualifyComponent(c.name(e))
		case "picklistValues":
			pl := &RecordTypePicklist{Pos: c.pos(e)}
			for v := firstElem(e); v != nil; v = nextElem(v) {
				switch v.Data {
				case "picklist":
					pl.Field = c.qualify(c.name(v))
				case "values":
					pl.Values = append(pl.Values, c.parsePicklistValue(v, true))
				}
			}
			if pl.Field == "" {
				c.diag(e.LineNumber, "record type picklist values without <picklist> field name; ignored")
				continue
			}
			rt.Picklists[strings.ToLower(pl.Field)] = pl
		}
	}
	if i := strings.LastIndexByte(rt.Name, '.'); i >= 0 {
		rt.Name = rt.Name[i+1:]
	}
	if rt.Name == "" {
		rt.Name = fallbackName
	}
	if rt.Name == "" {
		c.diag(n.LineNumber, "record type of %s has no <fullName>; ignored", object)
		return nil
	}
	rt.Name = c.qualifyComponent(rt.Name)
	if rt.Label == "" {
		rt.Label = rt.Name
	}
	return rt
}

// parseBusinessProcess reads a <businessProcesses> element or a
// BusinessProcess root.
func (c *fileCtx) parseBusinessProcess(n *xmlquery.Node, object, fallbackName string) *BusinessProcess {
	bp := &BusinessProcess{Object: object, Pos: c.pos(n)}
	for e := firstElem(n); e != nil; e = nextElem(e) {
		switch e.Data {
		case "fullName":
			bp.Name = c.name(e)
		case "isActive":
			bp.Active = c.bool(e)
		case "values":
			bp.Values = append(bp.Values, c.parsePicklistValue(e, true))
		}
	}
	if i := strings.LastIndexByte(bp.Name, '.'); i >= 0 {
		bp.Name = bp.Name[i+1:]
	}
	if bp.Name == "" {
		bp.Name = fallbackName
	}
	if bp.Name == "" {
		c.diag(n.LineNumber, "business process of %s has no <fullName>; ignored", object)
		return nil
	}
	bp.Name = c.qualifyComponent(bp.Name)
	return bp
}
