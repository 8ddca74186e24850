package findings

import (
	"bytes"
	"strconv"
	"strings"
)

// Unified diffs of byte-range edits, in the form `git apply` reads (git's
// "diff --git" headers, three lines of context, "\ No newline at end of
// file" markers, new files against /dev/null). Lines keep their own line
// endings, so CR LF files produce CR LF lines.

const diffContext = 3

// splitLines splits b into lines that keep their '\n'.
func splitLines(b []byte) []string {
	var out []string
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			out = append(out, string(b))
			break
		}
		out = append(out, string(b[:i+1]))
		b = b[i+1:]
	}
	return out
}

// diffBlock is a run of old lines replaced by new lines.
type diffBlock struct {
	oldFrom, oldTo int // old line indexes [oldFrom, oldTo)
	newLines       []string
}

// writeFileDiff writes the diff of one edited file.
func writeFileDiff(b *strings.Builder, fe *FileEdit) {
	if len(fe.Edits) == 0 {
		return
	}
	old := fe.Old
	lines := splitLines(old)
	starts := make([]int, len(lines)+1)
	for i, l := range lines {
		starts[i+1] = starts[i] + len(l)
	}
	lineOf := func(off int) int {
		// The line holding byte off (the last line for off == len).
		lo, hi := 0, len(lines)
		for lo < hi {
			m := (lo + hi) / 2
			if starts[m+1] <= off {
				lo = m + 1
			} else {
				hi = m
			}
		}
		if lo >= len(lines) && len(lines) > 0 {
			lo = len(lines) - 1
		}
		return lo
	}
	edits := append([]TextEdit(nil), fe.Edits...)
	sortEdits(edits)
	// Group edits into blocks of whole lines.
	var blocks []diffBlock
	for i := 0; i < len(edits); {
		if e := edits[i]; e.Start == e.End && e.Start < len(old) && starts[lineOf(e.Start)] == e.Start &&
			(i+1 == len(edits) || edits[i+1].Start > e.Start) && strings.HasSuffix(e.New, "\n") {
			// Whole lines inserted before a line: nothing removed.
			l := lineOf(e.Start)
			blocks = append(blocks, diffBlock{oldFrom: l, oldTo: l, newLines: splitLines([]byte(e.New))})
			i++
			continue
		}
		from := lineOf(edits[i].Start)
		lastByte := edits[i].End - 1
		if lastByte < edits[i].Start {
			lastByte = edits[i].Start
		}
		to := lineOf(lastByte) + 1
		j := i + 1
		for j < len(edits) && lineOf(edits[j].Start) < to {
			lb := edits[j].End - 1
			if lb < edits[j].Start {
				lb = edits[j].Start
			}
			if t := lineOf(lb) + 1; t > to {
				to = t
			}
			j++
		}
		if len(lines) == 0 {
			to = 0
		}
		// Apply edits i..j-1 to the block's text.
		var nb strings.Builder
		pos := starts[from]
		end := starts[to]
		if edits[i].Start == len(old) {
			end = len(old)
		}
		for _, e := range edits[i:j] {
			nb.Write(old[pos:e.Start])
			nb.WriteString(e.New)
			pos = e.End
		}
		if pos < end {
			nb.Write(old[pos:end])
		}
		blocks = append(blocks, diffBlock{oldFrom: from, oldTo: to, newLines: splitLines([]byte(nb.String()))})
		i = j
	}
	b.WriteString("diff --git a/" + fe.File + " b/" + fe.File + "\n")
	b.WriteString("--- a/" + fe.File + "\n")
	b.WriteString("+++ b/" + fe.File + "\n")
	delta := 0
	for i := 0; i < len(blocks); {
		j := i + 1
		for j < len(blocks) && blocks[j].oldFrom-blocks[j-1].oldTo <= 2*diffContext {
			j++
		}
		hs := max(0, blocks[i].oldFrom-diffContext)
		he := min(len(lines), blocks[j-1].oldTo+diffContext)
		var body strings.Builder
		oldCount, newCount := 0, 0
		cur := hs
		for _, bl := range blocks[i:j] {
			for ; cur < bl.oldFrom; cur++ {
				writeDiffLine(&body, ' ', lines[cur])
				oldCount++
				newCount++
			}
			for k := bl.oldFrom; k < bl.oldTo; k++ {
				writeDiffLine(&body, '-', lines[k])
				oldCount++
			}
			for _, l := range bl.newLines {
				writeDiffLine(&body, '+', l)
				newCount++
			}
			cur = bl.oldTo
		}
		for ; cur < he; cur++ {
			writeDiffLine(&body, ' ', lines[cur])
			oldCount++
			newCount++
		}
		oldStart, newStart := hs+1, hs+1+delta
		if oldCount == 0 {
			oldStart--
		}
		if newCount == 0 {
			newStart--
		}
		b.WriteString("@@ -" + rangeText(oldStart, oldCount) + " +" + rangeText(newStart, newCount) + " @@\n")
		b.WriteString(body.String())
		delta += newCount - oldCount
		i = j
	}
}

func sortEdits(es []TextEdit) {
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && es[j].Start < es[j-1].Start; j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
}

func rangeText(start, count int) string {
	if count == 1 {
		return strconv.Itoa(start)
	}
	return strconv.Itoa(start) + "," + strconv.Itoa(count)
}

// writeDiffLine writes one diff line; a line without a final newline gets
// git's marker.
func writeDiffLine(b *strings.Builder, mark byte, line string) {
	b.WriteByte(mark)
	b.WriteString(line)
	if !strings.HasSuffix(line, "\n") {
		b.WriteString("\n\\ No newline at end of file\n")
	}
}

// writeNewFileDiff writes the diff creating a file.
func writeNewFileDiff(b *strings.Builder, nf NewFile) {
	lines := splitLines([]byte(nf.Content))
	b.WriteString("diff --git a/" + nf.File + " b/" + nf.File + "\n")
	b.WriteString("new file mode 100644\n")
	b.WriteString("--- /dev/null\n")
	b.WriteString("+++ b/" + nf.File + "\n")
	b.WriteString("@@ -0,0 +" + rangeText(1, len(lines)) + " @@\n")
	for _, l := range lines {
		writeDiffLine(b, '+', l)
	}
}
