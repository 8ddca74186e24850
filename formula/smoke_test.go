package formula

import (
	"testing"
	"time"
)

func TestSmoke(t *testing.T) {
	for _, src := range []string{
		`AND($User.Username <> 'integration@acme.com', ISPICKVAL(StageName,'Closed Lost'), ISBLANK(Loss_Reason__c), OR(ISCHANGED(StageName), ISNEW()), NOT(Amount > 100000))`,
		`0.1 + 0.2 = 0.3`, `2*3^2`, `1/0`, `Account.Owner.Email & "x"`, `TEXT(DATE(2020,1,31))`,
	} {
		p, err := Compile(src, Options{})
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		v, err := p.Eval(&Input{Record: map[string]Value{"StageName": Text("Closed Lost"), "Amount": Number(5)}, Now: time.Now()})
		t.Logf("%s\n  CEL %s\n  => %v %v", src, p.CEL, v, err)
	}
}
