package formula

import (
	"testing"
	"time"
)

// The four rules of cel-go-notes.md §8 / formula-peers.md §1.2 (R1–R4),
// typed against an Opportunity-like schema.
var benchRules = []string{
	`AND(ISPICKVAL(StageName,'Closed Lost'), ISBLANK(Loss_Reason__c))`,
	`AND($User.Username <> 'integration@acme.com', Amount > 100000, ISBLANK(Approver__c))`,
	`AND(BillingCountry = "USA", NOT(REGEX(BillingPostalCode, "\\d{5}(-\\d{4})?")))`,
	`AND(OR(ISPICKVAL(StageName,'Closed Won'), ISPICKVAL(StageName,'Closed Lost')), $Profile.Name <> 'System Administrator', OR(ISBLANK(NextStep), Amount <= 0, CloseDate > TODAY() + 90))`,
}

func benchSchema() *StaticSchema {
	return &StaticSchema{Objects: map[string]map[string]FieldInfo{"Opportunity": {
		"StageName": {Type: TypePicklist}, "Loss_Reason__c": {Type: TypeText, Custom: true},
		"Amount": {Type: TypeNumber, Kind: "Currency"}, "Approver__c": {Type: TypeText, Custom: true},
		"BillingCountry": {Type: TypeText}, "BillingPostalCode": {Type: TypeText},
		"NextStep": {Type: TypeText}, "CloseDate": {Type: TypeDate},
	}}}
}

var benchRecord = map[string]Value{
	"StageName": Text("Closed Lost"), "Loss_Reason__c": Null(), "Amount": Number(250000),
	"Approver__c": Text(""), "BillingCountry": Text("USA"), "BillingPostalCode": Text("9410"),
	"NextStep": Text("Call"), "CloseDate": Date(2024, 9, 1),
	"$User.Username": Text("someone@acme.com"), "$Profile.Name": Text("Sales User"),
}

func BenchmarkRulesR1toR4(b *testing.B) {
	s := benchSchema()
	for i, src := range benchRules {
		p, err := Compile(src, Options{Object: "Opportunity", Schema: s})
		if err != nil {
			b.Fatal(err)
		}
		a := p.Bind(&Input{Record: benchRecord, Now: testNow})
		b.Run("R"+string(rune('1'+i)), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.Fires(a); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "evals/s")
		})
	}
}

// BenchmarkCorpusRules evaluates every real rule of shared/corpora/formulas
// (compiled once) on one record: the figure is per rule evaluation.
func BenchmarkCorpusRules(b *testing.B) {
	rules := loadFormulaCorpus(b)
	var progs []*Program
	var acts []*Activation
	for _, r := range rules {
		p, err := Compile(r.src, Options{Object: r.object})
		if err != nil || p.Type != TypeBoolean {
			continue
		}
		in := &Input{Record: benchRecord, Mode: ModeUpdate, Now: testNow}
		progs = append(progs, p)
		acts = append(acts, p.Bind(in))
	}
	b.ReportAllocs()
	b.ResetTimer()
	evals := 0
	for b.Loop() {
		for i, p := range progs {
			_, _ = p.Fires(acts[i])
		}
		evals += len(progs)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(evals), "ns/eval")
	b.ReportMetric(float64(evals)/b.Elapsed().Seconds(), "evals/s")
	b.ReportMetric(float64(len(progs)), "rules")
}

// BenchmarkEvalWithBind includes building the activation from an Input
// (maps): the cost when every record arrives as a map.
func BenchmarkEvalWithBind(b *testing.B) {
	p, err := Compile(benchRules[3], Options{Object: "Opportunity", Schema: benchSchema()})
	if err != nil {
		b.Fatal(err)
	}
	in := &Input{Record: benchRecord, Now: testNow}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Eval(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(benchRules[3], Options{Object: "Opportunity", Schema: benchSchema()}); err != nil {
			b.Fatal(err)
		}
	}
}

var sinkF float64
var sinkB bool

// BenchmarkNumberRepresentation compares the float64 hot path with apd
// decimals for one addition and one comparison (the choice documented in
// decimal.go).
func BenchmarkNumberRepresentation(b *testing.B) {
	b.Run("float64", func(b *testing.B) {
		b.ReportAllocs()
		x, y := 0.1, 0.2
		for b.Loop() {
			s := x + y
			sinkB = cmpNum(s, 0.3) == 0
		}
	})
	b.Run("apd", func(b *testing.B) {
		b.ReportAllocs()
		x, y, z := toDecimal(0.1), toDecimal(0.2), toDecimal(0.3)
		for b.Loop() {
			var s apdDecimal
			_, _ = decCtx.Add(&s, x, y)
			sinkB = s.Cmp(z) == 0
		}
	})
	_ = time.Now
}
