package formula

import "testing"

// TestSetSlotMatchesSet: binding through slots and shared Bound values
// gives the same results as Set, including prior values that follow the
// current one until given, and one Bound read by a percent field and a
// number field (converted for each).
func TestSetSlotMatchesSet(t *testing.T) {
	s := testSchema()
	cases := []struct {
		src    string
		fields map[string]Value
		mode   Mode
	}{
		{`Num__c > 50`, map[string]Value{"Num__c": Number(60)}, ModeUpdate},
		{`Pct__c > 0.5`, map[string]Value{"Pct__c": Number(60)}, ModeUpdate},
		{`ISCHANGED(Txt__c)`, map[string]Value{"Txt__c": Text("x")}, ModeUpdate},
		{`AND(NOT(ISBLANK(Txt__c)), LEN(Txt__c) > 3, Txt2__c = "ABC")`, map[string]Value{"Txt__c": Text("abcd"), "Txt2__c": Text("ABC")}, ModeCreate},
		{`Dt__c < DATE(2020, 1, 1)`, map[string]Value{"Dt__c": Date(2019, 5, 1)}, ModeUpdate},
	}
	for _, c := range cases {
		p, err := Compile(c.src, Options{Object: "Test__c", Schema: s})
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		byName := p.NewActivation()
		bySlot := p.NewActivation()
		for _, a := range []*Activation{byName, bySlot} {
			a.SetNow(testNow)
			a.SetMode(c.mode)
		}
		for name, v := range c.fields {
			byName.Set(name, v)
			slot := p.Slot(name)
			if slot == NoSlot {
				t.Fatalf("%s: no slot for %s", c.src, name)
			}
			bySlot.SetSlot(slot, NewBound(v))
		}
		want, err1 := p.Fires(byName)
		got, err2 := p.Fires(bySlot)
		if want != got || (err1 == nil) != (err2 == nil) {
			t.Errorf("%s: by name %v %v, by slot %v %v", c.src, want, err1, got, err2)
		}
		o1, _ := p.PartialOutcome(byName)
		o2, _ := p.PartialOutcome(bySlot)
		if o1 != o2 {
			t.Errorf("%s: partial by name %v, by slot %v", c.src, o1, o2)
		}
	}
	if p, _ := Compile(`Num__c > 1`, Options{Object: "Test__c", Schema: s}); p.Slot("Nope__c") != NoSlot {
		t.Error("a field the formula does not read has a slot")
	}
}

// TestBoundConvertsPerVariable: one Bound bound into a percent field and a
// number field reads 0.6 in one and 60 in the other.
func TestBoundConvertsPerVariable(t *testing.T) {
	s := testSchema()
	pct, _ := Compile(`Pct__c = 0.6`, Options{Object: "Test__c", Schema: s})
	num, _ := Compile(`Num__c = 60`, Options{Object: "Test__c", Schema: s})
	b := NewBound(Number(60))
	for _, p := range []*Program{pct, num, pct} {
		a := p.NewActivation()
		a.SetSlot(p.Fields()[0].slotIn(p), b)
		if ok, err := p.Fires(a); !ok || err != nil {
			t.Errorf("%s: %v %v", p.CEL, ok, err)
		}
	}
	b.Reset(Number(1))
	a := num.NewActivation()
	a.SetSlot(num.Slot("Num__c"), b)
	if ok, _ := num.Fires(a); ok {
		t.Error("Reset did not replace the converted value")
	}
	a.SetSlotUnknown(num.Slot("Num__c"))
	if o, _ := num.PartialOutcome(a); o != OutcomeUnknown {
		t.Errorf("unknown slot: outcome %v", o)
	}
}

func (f FieldRef) slotIn(p *Program) Slot { return p.Slot(f.Path) }
