package metadata

import (
	"strings"

	"github.com/antchfx/xmlquery"
)

// parseValueSetFile reads a GlobalValueSet (<customValue>) or
// StandardValueSet (<standardValue>) root.
func (c *fileCtx) parseValueSetFile(root *xmlquery.Node, name string, standard bool) *ValueSet {
	vs := &ValueSet{Name: name, Pos: c.pos(root), Standard: standard}
	if !standard {
		vs.Name = c.qualifyComponent(name)
	}
	for e := firstElem(root); e != nil; e = nextElem(e) {
		switch e.Data {
		case "masterLabel":
			vs.Label = c.text(e)
		case "sorted":
			vs.Sorted = c.bool(e)
		case "customValue", "standardValue":
			vs.Values = append(vs.Values, c.parsePicklistValue(e, false))
		}
	}
	if vs.Label == "" {
		vs.Label = vs.Name
	}
	return vs
}

// parseDuplicateRule reads a DuplicateRule root (file Obj.Rule.duplicateRule).
func (c *fileCtx) parseDuplicateRule(root *xmlquery.Node, object, name string) *DuplicateRule {
	r := &DuplicateRule{Object: c.qualify(object), Name: name, Pos: c.pos(root)}
	for e := firstElem(root); e != nil; e = nextElem(e) {
		switch e.Data {
		case "actionOnInsert":
			r.ActionOnInsert = c.name(e)
		case "actionOnUpdate":
			r.ActionOnUpdate = c.name(e)
		case "isActive":
			r.Active = c.bool(e)
		case "masterLabel":
			r.Label = c.text(e)
		case "operationsOnInsert":
			r.OperationsOnInsert = append(r.OperationsOnInsert, c.name(e))
		case "operationsOnUpdate":
			r.OperationsOnUpdate = append(r.OperationsOnUpdate, c.name(e))
		case "duplicateRuleFilter":
			for f := firstElem(e); f != nil; f = nextElem(f) {
				switch f.Data {
				case "booleanFilter":
					r.BooleanFilter = c.text(f)
				case "duplicateRuleFilterItems":
					r.FilterItems = append(r.FilterItems, c.parseFilterItem(f))
				}
			}
		case "duplicateRuleMatchRules":
			var ref MatchRuleRef
			for f := firstElem(e); f != nil; f = nextElem(f) {
				switch f.Data {
				case "matchRuleSObjectType":
					ref.Object = c.qualify(c.name(f))
				case "matchingRule":
					ref.Rule = c.name(f)
				}
			}
			if ref.Rule != "" {
				r.MatchingRules = append(r.MatchingRules, ref.Rule)
				r.MatchRules = append(r.MatchRules, ref)
			}
		}
	}
	if r.Label == "" {
		r.Label = r.Name
	}
	return r
}

// parseMatchingRules reads a MatchingRules root: the matching rules of one
// object.
func (c *fileCtx) parseMatchingRules(root *xmlquery.Node, object string) []*MatchingRule {
	var out []*MatchingRule
	object = c.qualify(object)
	for e := firstElem(root); e != nil; e = nextElem(e) {
		if e.Data != "matchingRules" {
			continue
		}
		m := &MatchingRule{Object: object, Pos: c.pos(e)}
		for f := firstElem(e); f != nil; f = nextElem(f) {
			switch f.Data {
			case "fullName":
				m.Name = c.name(f)
			case "ruleStatus":
				// Active, Inactive, Activating, Deactivating, DeactivationFailed
				// (api_meta meta_matchingrule.htm).
				m.Active = c.name(f) == "Active"
			case "matchingRuleItems":
				if fn := c.childText(f, "fieldName"); fn != "" {
					m.Fields = append(m.Fields, strings.TrimSpace(fn))
				}
			}
		}
		if i := strings.LastIndexByte(m.Name, '.'); i >= 0 {
			m.Name = m.Name[i+1:]
		}
		if m.Name == "" {
			c.diag(e.LineNumber, "matching rule without <fullName>; ignored")
			continue
		}
		out = append(out, m)
	}
	return out
}

// parseAddressSettings reads AddressSettings: countriesAndStates/countries
// with their states.
func (c *fileCtx) parseAddressSettings(root *xmlquery.Node) *AddressSettings {
	a := &AddressSettings{Pos: c.pos(root)}
	for e := firstElem(root); e != nil; e = nextElem(e) {
		if e.Data != "countriesAndStates" {
			continue
		}
		for ce := firstElem(e); ce != nil; ce = nextElem(ce) {
			if ce.Data != "countries" {
				continue
			}
			co := &Country{Pos: c.pos(ce)}
			for f := firstElem(ce); f != nil; f = nextElem(f) {
				switch f.Data {
				case "isoCode":
					co.ISOCode = c.name(f)
				case "label":
					co.Label = c.text(f)
				case "integrationValue":
					co.IntegrationValue = c.text(f)
				case "active":
					co.Active = c.bool(f)
				case "visible":
					co.Visible = c.bool(f)
				case "orgDefault":
					co.OrgDefault = c.bool(f)
				case "standard":
					co.Standard = c.bool(f)
				case "states":
					st := &State{Pos: c.pos(f)}
					for g := firstElem(f); g != nil; g = nextElem(g) {
						switch g.Data {
						case "isoCode":
							st.ISOCode = c.name(g)
						case "label":
							st.Label = c.text(g)
						case "integrationValue":
							st.IntegrationValue = c.text(g)
						case "active":
							st.Active = c.bool(g)
						case "visible":
							st.Visible = c.bool(g)
						case "standard":
							st.Standard = c.bool(g)
						}
					}
					co.States = append(co.States, st)
				}
			}
			a.Countries = append(a.Countries, co)
		}
	}
	return a
}

func newHolder(name string, profile bool, pos Pos) *PermissionHolder {
	return &PermissionHolder{
		Name: name, Label: name, Profile: profile, Pos: pos,
		Objects:            map[string]*ObjectPermission{},
		Fields:             map[string]*FieldPermission{},
		CustomPermissions:  map[string]bool{},
		UserPermissions:    map[string]bool{},
		DefaultRecordTypes: map[string]string{},
		VisibleRecordTypes: map[string]bool{},
	}
}

// permissionEntryRoots are the roots of decomposed permission-set files
// (sourceBehaviorOptions decomposePermissionSetBeta; source-deploy-retrieve
// src/registry/presets/decomposePermissionSetBeta.json) mapped to the
// <PermissionSet> child element they stand for. Entries synclint does not
// use are listed with "" so they are not reported as unknown.
var permissionEntryRoots = map[string]string{
	"FieldPermission":                   "fieldPermissions",
	"ObjectPermission":                  "objectPermissions",
	"UserPermission":                    "userPermissions",
	"CustomPermission":                  "customPermissions",
	"RecordTypeVisibility":              "recordTypeVisibilities",
	"ApplicationVisibility":             "",
	"ClassAccess":                       "",
	"CustomMetadataTypeAccess":          "",
	"CustomSettingAccess":               "",
	"ExternalCredentialPrincipalAccess": "",
	"ExternalDataSourceAccess":          "",
	"FlowAccess":                        "",
	"PageAccess":                        "",
	"TabSetting":                        "",
}

// parseHolder reads the children of a Profile or PermissionSet root into h.
func (c *fileCtx) parseHolder(root *xmlquery.Node, h *PermissionHolder) {
	for e := firstElem(root); e != nil; e = nextElem(e) {
		c.parseHolderEntry(e, e.Data, h)
	}
}

// parseHolderEntry reads one permission entry; kind is the <PermissionSet>
// child element it is (fieldPermissions, objectPermissions, …).
func (c *fileCtx) parseHolderEntry(e *xmlquery.Node, kind string, h *PermissionHolder) {
	switch kind {
	case "label":
		h.Label = c.text(e)
	case "userLicense", "license":
		h.License = c.name(e)
	case "objectPermissions":
		op := &ObjectPermission{Pos: c.pos(e)}
		for f := firstElem(e); f != nil; f = nextElem(f) {
			switch f.Data {
			case "object":
				op.Object = c.name(f)
			case "allowCreate":
				op.Create = c.bool(f)
			case "allowRead":
				op.Read = c.bool(f)
			case "allowEdit":
				op.Edit = c.bool(f)
			case "allowDelete":
				op.Delete = c.bool(f)
			case "viewAllRecords":
				op.ViewAll = c.bool(f)
			case "modifyAllRecords":
				op.ModifyAll = c.bool(f)
			}
		}
		if op.Object != "" {
			h.Objects[strings.ToLower(op.Object)] = op
		}
	case "fieldPermissions":
		fp := &FieldPermission{Pos: c.pos(e)}
		for f := firstElem(e); f != nil; f = nextElem(f) {
			switch f.Data {
			case "field":
				fp.Field = c.name(f)
			case "readable":
				fp.Readable = c.bool(f)
			case "editable":
				fp.Editable = c.bool(f)
			}
		}
		if fp.Field != "" {
			h.Fields[strings.ToLower(fp.Field)] = fp
		}
	case "customPermissions", "userPermissions":
		var name string
		enabled := false
		for f := firstElem(e); f != nil; f = nextElem(f) {
			switch f.Data {
			case "name":
				name = c.name(f)
			case "enabled":
				enabled = c.bool(f)
			}
		}
		if name == "" {
			return
		}
		if kind == "customPermissions" {
			h.CustomPermissions[strings.ToLower(name)] = enabled
		} else {
			h.UserPermissions[strings.ToLower(name)] = enabled
		}
	case "recordTypeVisibilities":
		var rt string
		def, visible := false, false
		for f := firstElem(e); f != nil; f = nextElem(f) {
			switch f.Data {
			case "recordType":
				rt = c.name(f)
			case "default":
				def = c.bool(f)
			case "visible":
				visible = c.bool(f)
			}
		}
		obj, name, ok := strings.Cut(rt, ".")
		if !ok {
			return
		}
		h.VisibleRecordTypes[strings.ToLower(rt)] = visible
		if def {
			h.DefaultRecordTypes[strings.ToLower(obj)] = name
		}
	}
}

// parseCustomPermission reads a CustomPermission root.
func (c *fileCtx) parseCustomPermission(root *xmlquery.Node, name string) *CustomPermission {
	p := &CustomPermission{Name: name, Label: name, Pos: c.pos(root)}
	if l := c.childText(root, "label"); l != "" {
		p.Label = l
	}
	return p
}
