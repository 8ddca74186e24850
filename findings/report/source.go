package report

import (
	"bytes"
	"os"
	"path/filepath"
	"unicode/utf16"
	"unicode/utf8"
)

// sources reads the checked files to convert positions; a file that cannot
// be read converts nothing (byte columns are kept, which is exact for ASCII
// lines, the norm in metadata files).
type sources struct {
	dir   string
	files map[string][][]byte
}

func newSources(dir string) *sources { return &sources{dir: dir, files: map[string][][]byte{}} }

func (s *sources) lines(file string) [][]byte {
	if s == nil || s.dir == "" || file == "" {
		return nil
	}
	if l, ok := s.files[file]; ok {
		return l
	}
	var lines [][]byte
	if data, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(file))); err == nil {
		lines = bytes.SplitAfter(data, []byte{'\n'})
	}
	s.files[file] = lines
	return lines
}

// utf16Column converts a 1-based byte column of a line into a 1-based
// column in UTF-16 code units, SARIF's default columnKind. Columns beyond the
// line's end keep their distance past it.
func (s *sources) utf16Column(file string, line, col int) int {
	if col <= 0 || line <= 0 {
		return col
	}
	lines := s.lines(file)
	if line > len(lines) {
		return col
	}
	text := lines[line-1]
	n := col - 1
	extra := 0
	if n > len(text) {
		extra = n - len(text)
		n = len(text)
	}
	units := 0
	for b := text[:n]; len(b) > 0; {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			units++
			b = b[1:]
			continue
		}
		units += len(utf16.Encode([]rune{r}))
		b = b[size:]
	}
	return units + extra + 1
}
