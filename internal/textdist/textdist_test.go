package textdist

import "testing"

func TestLevenshtein(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "abc", 3}, {"Retail", "Retail", 0},
		{"Retail", "retail", 1}, {"kitten", "sitting", 3}, {"Food and Beverage", "Food & Beverage", 3},
		{"Müller", "Muller", 1}, // runes, not bytes
	} {
		if got := Levenshtein(tt.a, tt.b); got != tt.want {
			t.Errorf("Levenshtein(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
