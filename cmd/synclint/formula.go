package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/synclint/synclint/formula"
	"github.com/synclint/synclint/internal/orgschema"
	"github.com/synclint/synclint/metadata"
)

func init() { register(newFormulaCmd) }

type formulaFlags struct {
	metadataDir string
	object      string
	vars        string
	prior       string
	mode        string
	now         string
}

// formulaOutput is the JSON the command prints.
type formulaOutput struct {
	CEL      string         `json:"cel,omitempty"`
	Fields   []formulaField `json:"fields"`
	Globals  []string       `json:"globals,omitempty"`
	Type     string         `json:"type,omitempty"`
	Result   *formula.Value `json:"result"`
	Error    *formulaError  `json:"error,omitempty"`
	Warnings []formulaError `json:"warnings,omitempty"`
}

type formulaField struct {
	Path        string `json:"path"`
	Type        string `json:"type"`
	Current     bool   `json:"current"`
	Prior       bool   `json:"prior,omitempty"`
	CrossObject bool   `json:"crossObject,omitempty"`
}

type formulaError struct {
	Message string `json:"message"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
}

func newFormulaCmd(a *app) *cobra.Command {
	var fl formulaFlags
	cmd := &cobra.Command{
		Use:   "formula [flags] 'FORMULA'",
		Short: "Parse, type-check, translate and evaluate one Salesforce formula",
		Long: `formula evaluates a Salesforce formula (a validation rule's errorConditionFormula)
the way Salesforce does and prints JSON: the CEL translation, the fields it reads,
its type, the result (true, false or null for a checkbox formula) and any error
with its line and column.

Values come from --vars (and --prior for ISCHANGED/PRIORVALUE on update): a JSON
object mapping a field or global to a JSON string, number, boolean or null, or to a
typed value {"type": "picklist"|"multipicklist"|"text"|"number"|"currency"|
"percent"|"checkbox"|"date"|"datetime"|"time", "value": ...} (dates YYYY-MM-DD,
date/times RFC 3339, times hh:mm:ss.SSS). Globals use the same map:
"$User.Username", "$Profile.Name", "$Permission.Bypass_VR",
"$Setup.Bypass__c.Disable_Validation__c". Fields not given are blank.

Without --metadata, field types come from the values; with --metadata DIR and
--object OBJ they come from the org, and unknown custom fields are errors.

Exit status: 0 when the formula parsed, type-checked and evaluated; 2 otherwise.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFormula(a, args[0], &fl)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.metadataDir, "metadata", "", "Salesforce metadata checkout to read field types from")
	f.StringVar(&fl.object, "object", "", "object the formula belongs to (required with --metadata)")
	f.StringVar(&fl.vars, "vars", "", "JSON object of field and global values")
	f.StringVar(&fl.prior, "prior", "", "JSON object of the values before the update")
	f.StringVar(&fl.mode, "mode", "create", "create or update (decides ISNEW, ISCHANGED and PRIORVALUE)")
	f.StringVar(&fl.now, "now", "", "RFC 3339 time for TODAY() and NOW() (default: the current time)")
	return cmd
}

func runFormula(a *app, src string, fl *formulaFlags) error {
	var mode formula.Mode
	switch strings.ToLower(fl.mode) {
	case "create":
		mode = formula.ModeCreate
	case "update":
		mode = formula.ModeUpdate
	default:
		return usageErr("--mode must be create or update, not %q", fl.mode)
	}
	now := time.Now()
	if fl.now != "" {
		t, err := time.Parse(time.RFC3339, fl.now)
		if err != nil {
			return usageErr("--now: %v (want RFC 3339, e.g. 2024-05-17T13:45:30Z)", err)
		}
		now = t
	}
	vars, err := parseFormulaValues(fl.vars)
	if err != nil {
		return usageErr("--vars: %v", err)
	}
	prior, err := parseFormulaValues(fl.prior)
	if err != nil {
		return usageErr("--prior: %v", err)
	}
	object := fl.object
	var schema formula.Schema
	fromOrg := fl.metadataDir != ""
	if fromOrg {
		if object == "" {
			return usageErr("--metadata needs --object")
		}
		org, err := metadata.Load(fl.metadataDir, metadata.Options{})
		if err != nil {
			return usageErr("%v", err)
		}
		schema = orgschema.New(org)
	} else {
		if object == "" {
			object = "Record"
		}
		schema = schemaFromValues(object, vars, prior)
	}

	out := formulaOutput{Fields: []formulaField{}}
	fail := func(msg string, pos formula.Position) error {
		out.Error = &formulaError{Message: msg, Line: pos.Line, Column: pos.Col}
		if err := writeFormulaJSON(a, &out); err != nil {
			return err
		}
		return &exitError{code: exitUsage}
	}
	f, err := formula.Parse(src)
	if err != nil {
		var pe *formula.Error
		if errors.As(err, &pe) {
			return fail(pe.Msg, pe.Pos)
		}
		return fail(err.Error(), formula.Position{})
	}
	checked := formula.Check(f, formula.CheckOptions{Object: object, Schema: schema})
	out.Type = checked.Type.JSONName()
	for _, fr := range checked.Fields() {
		out.Fields = append(out.Fields, formulaField{Path: fr.Path, Type: fr.Field.Type.JSONName(),
			Current: fr.Current, Prior: fr.Prior, CrossObject: fr.CrossObject})
	}
	for _, g := range checked.Globals() {
		out.Globals = append(out.Globals, g.Path)
	}
	if fromOrg {
		for _, w := range checked.Warnings() {
			out.Warnings = append(out.Warnings, formulaError{Message: w.Message, Line: w.Pos.Line, Column: w.Pos.Col})
		}
	}
	if err := checked.Err(); err != nil {
		var d *formula.Diagnostic
		if errors.As(err, &d) {
			return fail(d.Message, d.Pos)
		}
		return fail(err.Error(), formula.Position{})
	}
	prog, err := formula.CompileParsed(f, formula.Options{Object: object, Schema: schema})
	if err != nil {
		return fail(err.Error(), formula.Position{})
	}
	out.CEL = prog.CEL
	res, err := prog.Eval(&formula.Input{Record: plainValues(vars), Prior: plainValues(prior), Mode: mode, Now: now})
	if err != nil {
		return fail("runtime error: "+err.Error(), formula.Position{})
	}
	out.Result = &res
	return writeFormulaJSON(a, &out)
}

func writeFormulaJSON(a *app, out *formulaOutput) error {
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// parseFormulaValues reads a --vars/--prior JSON object.
func parseFormulaValues(s string) (map[string]typedValue, error) {
	out := map[string]typedValue{}
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("not a JSON object: %v", err)
	}
	for k, v := range raw {
		val, err := formulaValue(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", k, err)
		}
		out[k] = val
	}
	return out, nil
}

// typedValue is a --vars value with the field type it declares.
type typedValue struct {
	val formula.Value
	// typ is the formula type (TypeAny for a plain null).
	typ formula.Type
	// kind is the Salesforce field type (Percent divides by 100).
	kind string
}

func plainValues(m map[string]typedValue) map[string]formula.Value {
	out := make(map[string]formula.Value, len(m))
	for k, v := range m {
		out[k] = v.val
	}
	return out
}

var typeOfName = map[string]formula.Type{
	"text": formula.TypeText, "picklist": formula.TypePicklist, "multipicklist": formula.TypeMultiPicklist,
	"number": formula.TypeNumber, "currency": formula.TypeNumber, "percent": formula.TypeNumber,
	"checkbox": formula.TypeBoolean, "date": formula.TypeDate, "datetime": formula.TypeDateTime, "time": formula.TypeTime,
}

func formulaValue(v any) (typedValue, error) {
	switch x := v.(type) {
	case nil:
		return typedValue{val: formula.Null(), typ: formula.TypeAny}, nil
	case bool:
		return typedValue{val: formula.Bool(x), typ: formula.TypeBoolean, kind: "Checkbox"}, nil
	case json.Number:
		f, err := x.Float64()
		return typedValue{val: formula.Number(f), typ: formula.TypeNumber, kind: "Number"}, err
	case string:
		return typedValue{val: formula.Text(x), typ: formula.TypeText, kind: "Text"}, nil
	case map[string]any:
		typ, _ := x["type"].(string)
		typ = strings.ToLower(typ)
		val, err := typedFormulaValue(typ, x["value"])
		kind := typ
		if typ == "percent" {
			kind = "Percent"
		}
		return typedValue{val: val, typ: typeOfName[typ], kind: kind}, err
	}
	return typedValue{}, fmt.Errorf("unsupported value %v (use a string, number, boolean, null or {\"type\":…, \"value\":…})", v)
}

// valueSchema gives formulas the types of the values passed on the command
// line. It knows no object, so fields without a value are accepted (blank,
// type Any) instead of being errors.
type valueSchema struct{ formula.StaticSchema }

// Object reports every object as undescribed (see valueSchema).
func (valueSchema) Object(string) (string, bool) { return "", false }

// schemaFromValues builds field types from --vars/--prior: "Name" is a field
// of the object, "Account.Owner.Email" walks relationships named after the
// path, "$User.X", "$Profile.X", "$UserRole.X", "$Organization.X" are fields
// of those objects, "$Setup.S.F" field F of object S.
func schemaFromValues(object string, maps ...map[string]typedValue) formula.Schema {
	s := &valueSchema{formula.StaticSchema{Objects: map[string]map[string]formula.FieldInfo{}, Relationships: map[string]string{}}}
	put := func(obj, field string, tv typedValue) {
		if tv.typ == 0 || tv.typ == formula.TypeAny {
			return
		}
		if s.Objects[obj] == nil {
			s.Objects[obj] = map[string]formula.FieldInfo{}
		}
		s.Objects[obj][field] = formula.FieldInfo{Name: field, Type: tv.typ, Kind: tv.kind, Custom: formula.IsCustomName(field)}
	}
	globals := map[string]string{"$user": "User", "$profile": "Profile", "$userrole": "UserRole", "$organization": "Organization"}
	for _, m := range maps {
		for path, tv := range m {
			segs := strings.Split(path, ".")
			if strings.HasPrefix(path, "$") {
				switch g := strings.ToLower(segs[0]); {
				case globals[g] != "" && len(segs) == 2:
					put(globals[g], segs[1], tv)
				case g == "$setup" && len(segs) == 3:
					put(segs[1], segs[2], tv)
				}
				continue
			}
			obj := object
			for _, rel := range segs[:len(segs)-1] {
				name, explicit, _ := strings.Cut(rel, ":")
				target := obj + "." + name
				if explicit != "" {
					target = explicit
				}
				s.Relationships[obj+"."+name] = target
				obj = target
			}
			put(obj, segs[len(segs)-1], tv)
		}
	}
	return s
}

func typedFormulaValue(typ string, v any) (formula.Value, error) {
	if _, ok := typeOfName[typ]; !ok {
		return formula.Null(), fmt.Errorf("unknown type %q (want picklist, multipicklist, text, number, currency, percent, checkbox, date, datetime or time)", typ)
	}
	if v == nil {
		return formula.Null(), nil
	}
	str, isStr := v.(string)
	switch typ {
	case "text", "picklist":
		if !isStr {
			return formula.Null(), fmt.Errorf("a %s value must be a string", typ)
		}
		return formula.Text(str), nil
	case "multipicklist":
		if arr, ok := v.([]any); ok {
			parts := make([]string, 0, len(arr))
			for _, e := range arr {
				s, ok := e.(string)
				if !ok {
					return formula.Null(), errors.New("multipicklist values must be strings")
				}
				parts = append(parts, s)
			}
			return formula.Text(strings.Join(parts, ";")), nil
		}
		if !isStr {
			return formula.Null(), errors.New("a multipicklist value must be a string \"a;b\" or an array of strings")
		}
		return formula.Text(str), nil
	case "number", "currency", "percent":
		n, ok := v.(json.Number)
		if !ok {
			return formula.Null(), fmt.Errorf("a %s value must be a JSON number", typ)
		}
		f, err := n.Float64()
		return formula.Number(f), err
	case "checkbox":
		b, ok := v.(bool)
		if !ok {
			return formula.Null(), errors.New("a checkbox value must be true or false")
		}
		return formula.Bool(b), nil
	case "date":
		t, err := time.Parse("2006-01-02", str)
		if err != nil || !isStr {
			return formula.Null(), fmt.Errorf("a date must be YYYY-MM-DD, not %v", v)
		}
		return formula.Date(t.Date()), nil
	case "datetime":
		t, err := time.Parse(time.RFC3339, str)
		if err != nil || !isStr {
			return formula.Null(), fmt.Errorf("a datetime must be RFC 3339, not %v", v)
		}
		return formula.DateTime(t), nil
	case "time":
		for _, layout := range []string{"15:04:05.000", "15:04:05", "15:04"} {
			if t, err := time.Parse(layout, str); err == nil && isStr {
				return formula.TimeOfDay(int64(t.Hour())*3600000 + int64(t.Minute())*60000 + int64(t.Second())*1000 + int64(t.Nanosecond()/1e6)), nil
			}
		}
		return formula.Null(), fmt.Errorf("a time must be hh:mm:ss.SSS, not %v", v)
	}
	return formula.Null(), fmt.Errorf("unknown type %q (want picklist, multipicklist, text, number, currency, percent, checkbox, date, datetime or time)", typ)
}
