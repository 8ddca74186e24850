package formula

import (
	"strings"

	"cel.dev/cel-go/common/types/ref"
)

// Slot is the position of a field or global in a program's activations,
// looked up once with Program.Slot so that a records pass binds values
// without a map lookup per record.
type Slot int

// NoSlot is the Slot of a name the program does not read.
const NoSlot Slot = -1

// Slot returns the slot of a field or global by its Salesforce reference
// (any case), or NoSlot when the formula does not read it.
func (p *Program) Slot(name string) Slot {
	if i, ok := p.lookup[strings.ToLower(name)]; ok {
		return Slot(i)
	}
	return NoSlot
}

// Bound is a value converted once for the evaluator, to bind into the
// activations of every rule that reads the same field: a records pass
// converts each record value once, and binding it into fifty rules then
// costs no allocation. Reset it with each new value; it is not safe for
// concurrent use.
type Bound struct {
	v Value
	// The conversion depends on how the variable reads the value (its
	// type, percent scale, Id form); the last one is cached.
	key bindKey
	val ref.Val
	ok  bool
}

type bindKey struct {
	typ     Type
	percent bool
	id      bool
}

// NewBound returns v ready to bind.
func NewBound(v Value) *Bound { return &Bound{v: v} }

// Reset replaces the value.
func (b *Bound) Reset(v Value) { b.v, b.ok = v, false }

// Value returns the value.
func (b *Bound) Value() Value { return b.v }

func (b *Bound) for_(vr *variable) ref.Val {
	k := bindKey{vr.typ, vr.percent, vr.id}
	if !b.ok || b.key != k {
		b.val, b.key, b.ok = vr.bind(b.v), k, true
	}
	return b.val
}

// SetSlot is Set for a slot from Program.Slot (NoSlot is ignored) and a
// value converted once.
func (a *Activation) SetSlot(s Slot, b *Bound) {
	if s < 0 || int(s) >= len(a.vals) {
		return
	}
	i := int(s)
	vr := a.p.vars[i]
	a.vals[i] = b.for_(vr)
	a.known[i] = true
	if j := a.p.priorOf[i]; j >= 0 && !a.priorSet[j] {
		// Until a prior value is given, the field is unchanged.
		a.vals[j] = a.vals[i]
	}
}

// SetSlotUnknown is SetUnknown (current value) for a slot.
func (a *Activation) SetSlotUnknown(s Slot) {
	if s >= 0 && int(s) < len(a.known) {
		a.known[int(s)] = false
	}
}
