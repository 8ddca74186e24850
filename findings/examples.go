package findings

// addExampleOf records a failing record like AddExample, but renders the
// example value only while the finding still keeps examples: rendering
// (quoting, describing characters, truncating) costs more than the check
// itself on millions of failing rows, and only MaxExamples are kept.
// render must not retain the record.
func addExampleOf(r *RecordStats, id string, line int, render func() string) {
	if len(r.Examples) >= MaxExamples {
		r.Failing++
		return
	}
	r.AddExample(id, render(), line)
}
