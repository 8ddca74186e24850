package findings

import (
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/synclint/synclint/fixtures"
	"github.com/synclint/synclint/formula"
)

var (
	acmeVROnce sync.Once
	acmeVRIn   *Input
	acmeVR     *vrAnalysis
	acmeVRErr  error
)

// acmeVRAnalysis runs the validation-rule engine on the acme fixture once.
func acmeVRAnalysis(t *testing.T) (*Input, *vrAnalysis) {
	t.Helper()
	acmeVROnce.Do(func() {
		acmeVRIn, acmeVRErr = LoadInput(LoadOptions{Dir: fixtures.Acme()})
		if acmeVRErr == nil {
			acmeVR = validationRules(newAnalysisPass(acmeVRIn))
		}
	})
	if acmeVRErr != nil {
		t.Fatal(acmeVRErr)
	}
	return acmeVRIn, acmeVR
}

func findVRRule(t *testing.T, an *vrAnalysis, name string) *vrRule {
	t.Helper()
	for _, r := range an.Rules {
		if strings.EqualFold(r.VR.QualifiedName(), name) {
			return r
		}
	}
	t.Fatalf("no rule %s", name)
	return nil
}

// TestVRVerdictsAcme pins the verdict of every validation rule of the
// fixture, with the reason a skipped rule must give.
func TestVRVerdictsAcme(t *testing.T) {
	_, an := acmeVRAnalysis(t)
	tests := []struct {
		rule   string
		status vrStatus
		mode   string // witness mode for reachable rules
		why    string // substring of the reason
	}{
		{"Account.Account_Name_Locked", vrSkipped, "", "$Permission.Bypass_Validation_Rules = TRUE"},
		{"Account.Billing_Country_Required", vrReachable, "create", ""},
		{"Account.Website_Needs_Scheme", vrReachable, "create", ""},
		{"Case.Closed_Cases_Need_Resolution", vrNotWritten, "", "never creates or updates"},
		{"Case.Require_Contact", vrInactive, "", "inactive"},
		{"Contact.Mailing_Country_Required", vrSkipped, "", "exempt"},
		{"Contact.Manufacturing_Contacts_Need_Title", vrReachable, "update", ""},
		{"Contact.New_Contacts_Need_Mailing_Country", vrSkipped, "", "on update it cannot be TRUE"},
		{"Contact.Phone_Must_Be_E164", vrReachable, "update", ""},
		{"Lead.Company_Not_Placeholder", vrReachable, "create", ""},
		{"Lead.Email_Locked_After_Qualification", vrReachable, "update", ""},
		{"Lead.Email_Or_Phone_Required", vrSkipped, "", `$Profile.Name = "Integration User"`},
		{"Lead.Hot_Leads_Need_Phone", vrReachable, "update", ""},
		{"Lead.Legacy_Require_Lead_Source", vrInactive, "", "inactive"},
		{"Lead.Logistics_Leads_Need_Fleet_Size", vrSkipped, "", "$Setup.Integration_Settings__c.Bypass_Validation__c"},
		{"Lead.New_Leads_Need_Source", vrReachable, "create", ""},
		{"Lead.Rating_Change_Needs_Permission", vrSkipped, "", "reads only fields HubSpot never writes (Rating)"},
		{"Lead.Require_Industry_Vertical", vrSkipped, "", `$User.Username = "hubspot.integration@acme.example"`},
		{"Lead.US_Postal_Code_Format", vrReachable, "create", ""},
		{"Lead.pi__Score_Range", vrReachable, "create", ""},
		{"Opportunity.Closed_Won_Amount_Locked", vrReachable, "update", ""},
		{"Opportunity.Closed_Won_Needs_Amount", vrReachable, "create", ""},
		{"Opportunity.Discount_Needs_Approval", vrSkipped, "", "on create it cannot be TRUE"},
		{"Opportunity.Require_Account", vrReachable, "create", ""},
		{"Opportunity.Won_Deals_Need_Project", vrReachable, "create", ""},
		{"Project__c.Live_Projects_Need_Go_Live_Date", vrReachable, "create", ""},
	}
	if len(tests) != len(an.Rules) {
		t.Errorf("%d rules analysed, %d expected", len(an.Rules), len(tests))
	}
	for _, tc := range tests {
		r := findVRRule(t, an, tc.rule)
		if r.V.Status != tc.status {
			t.Errorf("%s: %s (%s), want %s", tc.rule, r.V.Status, r.V.Reason, tc.status)
			continue
		}
		if tc.why != "" && !strings.Contains(r.V.Reason, tc.why) {
			t.Errorf("%s: reason %q does not say %q", tc.rule, r.V.Reason, tc.why)
		}
		if tc.status == vrReachable {
			if r.V.Witness == nil || r.V.Witness.Mode != tc.mode {
				t.Errorf("%s: witness %+v, want mode %s", tc.rule, r.V.Witness, tc.mode)
			}
			if r.V.Severity != Error {
				t.Errorf("%s: severity %s, want error (notes %v)", tc.rule, r.V.Severity, r.V.Notes)
			}
		}
	}
}

// TestVRWitnessesTrip re-evaluates every witness of the fixture: the
// engine's own input, and the witness as the finding shows it (values as
// text, typed back through the formula's field types) with the integration
// user's globals.
func TestVRWitnessesTrip(t *testing.T) {
	_, an := acmeVRAnalysis(t)
	n := 0
	for _, r := range an.Rules {
		if r.V.Status != vrReachable {
			continue
		}
		n++
		fires, err := witnessFires(r)
		if err != nil || !fires {
			t.Errorf("%s: witness input does not fire (%v, %v)", r.VR.QualifiedName(), fires, err)
		}
		in := witnessToInput(t, r.Prog, r.V.Witness, an.Now)
		for _, g := range r.V.Globals {
			in.Globals[g.Path] = g.Value
		}
		fires, err = r.Prog.Fires(r.Prog.Bind(in))
		if err != nil || !fires {
			t.Errorf("%s: the published witness %+v does not fire (%v, %v)", r.VR.QualifiedName(), r.V.Witness, fires, err)
		}
	}
	if n < 15 {
		t.Errorf("only %d reachable rules", n)
	}
}

// witnessToInput types a published witness back into formula values.
func witnessToInput(t *testing.T, p *formula.Program, w *Witness, now time.Time) *formula.Input {
	t.Helper()
	types := map[string]formula.Type{}
	for _, fr := range p.Fields() {
		types[strings.ToLower(fr.Path)] = fr.Field.Type
	}
	conv := func(v WitnessValue) formula.Value {
		if v.Blank {
			return formula.Null()
		}
		switch types[strings.ToLower(v.Field)] {
		case formula.TypeNumber:
			f, err := strconv.ParseFloat(v.Value, 64)
			if err != nil {
				t.Fatalf("witness %s = %q is not a number", v.Field, v.Value)
			}
			return formula.Number(f)
		case formula.TypeBoolean:
			return formula.Bool(v.Value == "true")
		case formula.TypeDate:
			d, err := time.Parse("2006-01-02", v.Value)
			if err != nil {
				t.Fatalf("witness %s = %q is not a date", v.Field, v.Value)
			}
			return formula.Date(d.Year(), d.Month(), d.Day())
		}
		return formula.Text(v.Value)
	}
	in := &formula.Input{Record: map[string]formula.Value{}, Prior: map[string]formula.Value{}, Globals: map[string]formula.Value{}, Now: now}
	if w.Mode == "update" {
		in.Mode = formula.ModeUpdate
	}
	for _, v := range w.Values {
		in.Record[v.Field] = conv(v)
	}
	for _, v := range w.Prior {
		in.Prior[v.Field] = conv(v)
	}
	return in
}

// TestVRRecordCountsAcme checks the record counts PLANTED.md lists.
func TestVRRecordCountsAcme(t *testing.T) {
	in, _ := acmeVRAnalysis(t)
	res := Analyze(in, Options{Only: []string{"PV11"}, Records: true})
	want := map[string]struct {
		failing int64
		lines   []int
	}{
		"Lead.Company_Not_Placeholder":              {3, []int{7, 8, 9}},
		"Lead.US_Postal_Code_Format":                {3, []int{63, 64, 65}},
		"Lead.pi__Score_Range":                      {2, []int{55, 56}},
		"Contact.Phone_Must_Be_E164":                {4, []int{19, 20, 21, 22}},
		"Account.Billing_Country_Required":          {2, []int{6, 13}},
		"Account.Website_Needs_Scheme":              {2, []int{14, 15}},
		"Opportunity.Closed_Won_Needs_Amount":       {2, []int{6, 7}},
		"Opportunity.Require_Account":               {2, nil},
		"Opportunity.Won_Deals_Need_Project":        {16, nil},
		"Lead.New_Leads_Need_Source":                {240, nil},
		"Contact.Manufacturing_Contacts_Need_Title": {0, nil},
	}
	got := map[string]*Finding{}
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Rule == "PV11" {
			got[f.Component] = f
		}
	}
	for comp, w := range want {
		f := got[comp]
		if f == nil || f.Records == nil {
			t.Errorf("%s: no PV11 finding with records", comp)
			continue
		}
		if f.Records.Failing != w.failing {
			t.Errorf("%s: %d failing records, want %d (examples %+v)", comp, f.Records.Failing, w.failing, f.Records.Examples)
		}
		for i, l := range w.lines {
			if i < len(f.Records.Examples) && f.Records.Examples[i].Line != l {
				t.Errorf("%s: example %d on line %d, want %d", comp, i, f.Records.Examples[i].Line, l)
			}
		}
	}
	// PLANTED PV11-P13: the deals without a company association.
	if f := got["Opportunity.Require_Account"]; f != nil && f.Records != nil {
		var ids []string
		for _, e := range f.Records.Examples {
			ids = append(ids, e.RecordID)
		}
		if strings.Join(ids, ",") != "31000000209,31000000220" {
			t.Errorf("Require_Account examples %v, want 31000000209, 31000000220", ids)
		}
	}
}
