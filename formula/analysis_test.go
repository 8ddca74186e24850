package formula

import (
	"fmt"
	"strings"
	"testing"
)

func TestFieldsAndGlobals(t *testing.T) {
	s := testSchema()
	p, err := Compile(`AND($User.Username <> 'int@acme.com', NOT($Permission.Bypass_VR), NOT($Setup.Bypass__c.Disable_Validation__c),
		ISPICKVAL(Pick__c, 'Closed Lost'), ISCHANGED(Txt__c), PRIORVALUE(Num__c) > 1, Account__r.Name = 'x', pick__c <> NULL)`,
		Options{Object: "Test__c", Schema: s})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range p.Fields() {
		got = append(got, fmt.Sprintf("%s cur=%v prior=%v cross=%v n=%d", f.Path, f.Current, f.Prior, f.CrossObject, len(f.Positions)))
	}
	want := []string{
		"Pick__c cur=true prior=false cross=false n=2",
		"Txt__c cur=true prior=true cross=false n=1",
		"Num__c cur=false prior=true cross=false n=1",
		"Account__r.Name cur=true prior=false cross=true n=1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("fields:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var globals []string
	for _, g := range p.Globals() {
		globals = append(globals, g.Global+" "+g.Path)
	}
	if strings.Join(globals, ", ") != "$User $User.Username, $Permission $Permission.Bypass_VR, $Setup $Setup.Bypass__c.Disable_Validation__c" {
		t.Errorf("globals: %q", globals)
	}
}

func TestLiterals(t *testing.T) {
	s := testSchema()
	p, err := Compile(`AND(ISPICKVAL(Pick__c, 'Closed Lost'), LEN(Txt__c) > 10, Num__c >= -5, 100 < Cur__c,
		CASE(Txt2__c, "a", 1, "b", 2, 0) = 1, Dt__c < DATE(2020, 1, 1), INCLUDES(Multi__c, "Golf"), ISBLANK(Name),
		TEXT(PRIORVALUE(Pick__c)) = "A")`, Options{Object: "Test__c", Schema: s})
	if err != nil {
		t.Fatal(err)
	}
	lits := p.Literals()
	render := func(path string) string {
		var parts []string
		for _, c := range lits[path] {
			parts = append(parts, strings.TrimSpace(c.Via+" "+c.Op+" "+c.Value.String()))
		}
		return strings.Join(parts, "; ")
	}
	for path, want := range map[string]string{
		"Pick__c":  "ISPICKVAL = Closed Lost; TEXT = A",
		"Txt__c":   "LEN > 10",
		"Num__c":   ">= -5",
		"Cur__c":   "> 100",
		"Txt2__c":  "CASE = a; CASE = b",
		"Dt__c":    "< 2020-01-01",
		"Multi__c": "INCLUDES Golf",
		"Name":     "ISBLANK",
	} {
		if got := render(path); got != want {
			t.Errorf("%s: %q, want %q", path, got, want)
		}
	}
	var lens []int
	for _, w := range lits["Txt__c"][0].Witnesses() {
		lens = append(lens, len(w.Str))
	}
	if fmt.Sprint(lens) != "[9 10 11]" {
		t.Errorf("LEN witnesses %v", lens)
	}
	if w := lits["Num__c"][0].Witnesses(); len(w) != 3 || w[0].Num != -6 || w[2].Num != -4 {
		t.Errorf("number witnesses %v", w)
	}
}

func TestPartialAndExempts(t *testing.T) {
	s := testSchema()
	src := `AND($User.Username <> 'integration@acme.com', ISPICKVAL(Pick__c, 'Closed Lost'), ISBLANK(Txt__c))`
	p, err := Compile(src, Options{Object: "Test__c", Schema: s})
	if err != nil {
		t.Fatal(err)
	}
	ok, res, err := p.Exempts(map[string]Value{"$User.Username": Text("integration@acme.com")})
	if err != nil || !ok || res.Outcome != OutcomeFalse {
		t.Errorf("integration user: exempt=%v %+v %v", ok, res, err)
	}
	ok, res, err = p.Exempts(map[string]Value{"$User.Username": Text("someone@acme.com")})
	if err != nil || ok || res.Outcome != OutcomeUnknown {
		t.Errorf("other user: exempt=%v %+v %v", ok, res, err)
	}
	if !strings.Contains(res.Residual, "Pick__c") || fmt.Sprint(res.Unknown) != "[Pick__c Txt__c]" {
		t.Errorf("residual %q unknown %v", res.Residual, res.Unknown)
	}
	// Known picklist, unknown text.
	a := p.NewActivation()
	a.Set("$User.Username", Text("someone"))
	a.Set("Pick__c", Text("Closed Lost"))
	res, err = p.Partial(a)
	if err != nil || res.Outcome != OutcomeUnknown || res.Residual != "sf_isblank(Txt__c)" || fmt.Sprint(res.Unknown) != "[Txt__c]" {
		t.Errorf("partial: %+v %v", res, err)
	}
	a.Set("Pick__c", Text("Prospecting"))
	res, err = p.Partial(a)
	if err != nil || res.Outcome != OutcomeFalse {
		t.Errorf("partial with other stage: %+v %v", res, err)
	}
	a.Set("Pick__c", Text("Closed Lost"))
	a.Set("Txt__c", Null())
	res, err = p.Partial(a)
	if err != nil || res.Outcome != OutcomeTrue {
		t.Errorf("all known: %+v %v", res, err)
	}
}

func TestExemptsBypassPatterns(t *testing.T) {
	s := testSchema()
	for _, c := range []struct {
		src     string
		globals map[string]Value
		exempt  bool
	}{
		{`AND(NOT($Permission.Bypass_VR), Num__c > 5)`, map[string]Value{"$Permission.Bypass_VR": Bool(true)}, true},
		{`AND(NOT($Permission.Bypass_VR), Num__c > 5)`, nil, false},
		{`$Setup.Bypass__c.Disable_Validation__c = FALSE && ISBLANK(Txt__c)`, map[string]Value{"$Setup.Bypass__c.Disable_Validation__c": Bool(true)}, true},
		{`AND($Profile.Name <> "System Administrator", ISCHANGED(Txt__c))`, map[string]Value{"$Profile.Name": Text("System Administrator")}, true},
		{`AND($Profile.Name <> "System Administrator", ISCHANGED(Txt__c))`, map[string]Value{"$Profile.Name": Text("Integration")}, false},
		{`IF($UserRole.Name = 'Integration', FALSE, ISBLANK(Txt__c))`, map[string]Value{"$UserRole.Name": Text("Integration")}, true},
		{`NOT(BEGINS($Profile.Name, 'System')) && ISBLANK(Txt__c)`, map[string]Value{"$Profile.Name": Text("System Integrator")}, true},
		{`OR($User.Id = '005000000000001', ISBLANK(Txt__c))`, map[string]Value{"$User.Id": Text("005000000000001")}, false},
		// String matching would be fooled by this one: the username is in
		// the formula but does not exempt anybody.
		{`AND($User.Username = 'int@acme.com', ISBLANK(Txt__c))`, map[string]Value{"$User.Username": Text("int@acme.com")}, false},
	} {
		p, err := Compile(c.src, Options{Object: "Test__c", Schema: s})
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		got, res, err := p.Exempts(c.globals)
		if err != nil || got != c.exempt {
			t.Errorf("%s with %v: exempt=%v (%+v, %v), want %v", c.src, c.globals, got, res, err, c.exempt)
		}
	}
}

func TestPartialUpdateUnknownPrior(t *testing.T) {
	s := testSchema()
	p, err := Compile(`AND(ISCHANGED(Pick__c), ISPICKVAL(Pick__c, "A"))`, Options{Object: "Test__c", Schema: s})
	if err != nil {
		t.Fatal(err)
	}
	a := p.NewActivation()
	a.Set("Pick__c", Text("A"))
	a.SetMode(ModeCreate)
	if res, err := p.Partial(a); err != nil || res.Outcome != OutcomeFalse {
		t.Errorf("create: %+v %v", res, err)
	}
	a = p.NewActivation()
	a.Set("Pick__c", Text("A"))
	a.SetMode(ModeUpdate)
	res, err := p.Partial(a)
	if err != nil || res.Outcome != OutcomeUnknown || fmt.Sprint(res.Unknown) != "[PRIORVALUE(Pick__c)]" {
		t.Errorf("update, prior unknown: %+v %v", res, err)
	}
}

func TestDynamicRootFires(t *testing.T) {
	p, err := Compile(`IsPrivate`, Options{Object: "Test__c", Schema: testSchema()})
	if err != nil {
		t.Fatal(err)
	}
	a := p.Bind(&Input{Record: map[string]Value{"IsPrivate": Bool(true)}, Now: testNow})
	if ok, err := p.Fires(a); err != nil || !ok {
		t.Errorf("dynamic checkbox root: fires=%v %v", ok, err)
	}
}

// TestConcurrentUse: one Program, many goroutines (each with its own
// Activation), full and partial evaluation, regex cache shared.
func TestConcurrentUse(t *testing.T) {
	p, err := Compile(`AND(REGEX(Txt__c, "[a-z]+\\d"), NOT(ISBLANK(Txt2__c)), $User.Username <> "x")`, Options{Object: "Test__c", Schema: testSchema()})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func(g int) {
			ok := true
			for i := 0; i < 200; i++ {
				a := p.Bind(&Input{Record: map[string]Value{"Txt__c": Text("abc1"), "Txt2__c": Text("y")}, Now: testNow})
				fires, err := p.Fires(a)
				ok = ok && err == nil && fires
				pa := p.NewActivation()
				pa.Set("$User.Username", Text("x"))
				res, err := p.Partial(pa)
				ok = ok && err == nil && res.Outcome == OutcomeFalse
			}
			done <- ok
		}(g)
	}
	for g := 0; g < 4; g++ {
		if !<-done {
			t.Errorf("concurrent evaluation gave a wrong result")
		}
	}
}
