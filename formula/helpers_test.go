package formula

import (
	"strings"
	"testing"
	"time"
)

// testSchema is a small org: a custom object with a field of every type,
// and relationships to Account and User.
func testSchema() *StaticSchema {
	return &StaticSchema{
		Objects: map[string]map[string]FieldInfo{
			"Test__c": {
				"Num__c": {Type: TypeNumber, Kind: "Number", Custom: true}, "Num2__c": {Type: TypeNumber, Kind: "Number", Custom: true},
				"Cur__c": {Type: TypeNumber, Kind: "Currency", Custom: true}, "Pct__c": {Type: TypeNumber, Kind: "Percent", Custom: true},
				"Txt__c": {Type: TypeText, Kind: "Text", Custom: true}, "Txt2__c": {Type: TypeText, Kind: "Text", Custom: true},
				"Chk__c": {Type: TypeBoolean, Kind: "Checkbox", Custom: true},
				"Dt__c":  {Type: TypeDate, Kind: "Date", Custom: true}, "Dt2__c": {Type: TypeDate, Kind: "Date", Custom: true},
				"DtTm__c": {Type: TypeDateTime, Kind: "DateTime", Custom: true}, "DtTm2__c": {Type: TypeDateTime, Kind: "DateTime", Custom: true},
				"Tm__c":    {Type: TypeTime, Kind: "Time", Custom: true},
				"Pick__c":  {Type: TypePicklist, Kind: "Picklist", Custom: true, Values: []string{"A", "B", "Closed Lost"}},
				"Multi__c": {Type: TypeMultiPicklist, Kind: "MultiselectPicklist", Custom: true},
				"Name":     {Type: TypeText, Kind: "Text"}, "OwnerId": {Type: TypeText, Kind: "Lookup"},
				"Account__c": {Type: TypeText, Kind: "Lookup", Custom: true},
			},
			"Account":   {"Name": {Type: TypeText}, "Industry": {Type: TypePicklist}, "OwnerId": {Type: TypeText}},
			"User":      {"Email": {Type: TypeText}, "Username": {Type: TypeText}, "Is_Integration__c": {Type: TypeBoolean, Custom: true}},
			"Bypass__c": {"Disable_Validation__c": {Type: TypeBoolean, Custom: true}},
		},
		Relationships: map[string]string{"Test__c.Account__r": "Account", "Test__c.Owner": "User", "Account.Owner": "User"},
	}
}

var testNow = time.Date(2024, 5, 17, 13, 45, 30, 0, time.UTC)

// wantErr marks an expected runtime error.
var wantErr = Value{Kind: Kind(-1)}

func d(y int, m time.Month, day int) Value { return Date(y, m, day) }

func dt(s string) Value {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return DateTime(t)
}

type evalCase struct {
	src  string
	rec  map[string]Value
	want Value
	// mode and prior for ISNEW/ISCHANGED/PRIORVALUE cases.
	mode  Mode
	prior map[string]Value
}

func runEvalCases(t *testing.T, cases []evalCase) {
	t.Helper()
	s := testSchema()
	for _, c := range cases {
		p, err := Compile(c.src, Options{Object: "Test__c", Schema: s})
		if err != nil {
			t.Errorf("%s: compile: %v", c.src, err)
			continue
		}
		got, err := p.Eval(&Input{Record: c.rec, Prior: c.prior, Mode: c.mode, Now: testNow})
		if c.want.Kind == wantErr.Kind {
			if err == nil {
				t.Errorf("%s %v: want a runtime error, got %s", c.src, c.rec, describe(got))
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %v: %v\n  CEL: %s", c.src, c.rec, err, p.CEL)
			continue
		}
		if !sameValue(got, c.want) {
			t.Errorf("%s %v: got %s, want %s\n  CEL: %s", c.src, c.rec, describe(got), describe(c.want), p.CEL)
		}
	}
}

func sameValue(a, b Value) bool {
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case KindNumber:
		return cmpNum(a.Num, b.Num) == 0
	case KindNull:
		return true
	}
	return a.String() == b.String()
}

func rec(kv ...any) map[string]Value {
	m := map[string]Value{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1].(Value)
	}
	return m
}

var (
	T = Bool(true)
	F = Bool(false)
	N = Null()
)

func num(x float64) Value { return Number(x) }
func txt(s string) Value  { return Text(s) }

var _ = strings.TrimSpace
