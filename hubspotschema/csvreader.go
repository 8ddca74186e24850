package hubspotschema

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// csvReader is an RFC 4180 reader tuned for HubSpot record exports, which
// run to millions of rows. Compared with encoding/csv it is faster on the
// common unquoted row (one scan, one string per record; see
// BenchmarkRecords1M) and, more importantly, bounds memory: a stray quote
// that never closes makes encoding/csv buffer the rest of the file as one
// field, here it becomes one bad row once the record passes maxRecordBytes.
//
// Accepted input: comma separator, fields optionally quoted with ", "" as
// an escaped quote, line breaks inside quoted fields (CRLF inside becomes
// LF), CRLF or LF line ends, a leading UTF-8 BOM, blank lines (skipped).
// Leniency: a quote inside an unquoted field, or a quote inside a quoted
// field not followed by a comma or line end, is kept literally (hand-edited
// exports have inch marks: 27" monitor).
type csvReader struct {
	r   *bufio.Reader
	max int
	// line is the number of physical lines consumed.
	line    int
	lineBuf []byte
	started bool

	// The current record: field bytes in buf, field i at
	// buf[bounds[2i]:bounds[2i+1]], starting on physical line startLine.
	buf       []byte
	bounds    []int
	startLine int
}

// maxRecordBytes bounds one record. HubSpot caps a string property at
// 65,536 characters; a few hundred such columns fit.
const maxRecordBytes = 32 << 20

// errRecordTooLong is a record over maxRecordBytes.
var errRecordTooLong = errors.New("record too long")

// csvRowError is a row the reader skipped; reading can go on.
type csvRowError struct {
	line int
	msg  string
}

func (e *csvRowError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

func newCSVReader(r io.Reader) *csvReader {
	return &csvReader{r: bufio.NewReaderSize(r, 64<<10), max: maxRecordBytes}
}

// readLine returns the next physical line without its line end. The slice
// is valid until the next call.
func (c *csvReader) readLine() ([]byte, error) {
	line, err := c.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		c.lineBuf = append(c.lineBuf[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = c.r.ReadSlice('\n')
			c.lineBuf = append(c.lineBuf, line...)
			if len(c.lineBuf) > c.max {
				// Skip the rest of the line without keeping it.
				for err == bufio.ErrBufferFull {
					_, err = c.r.ReadSlice('\n')
				}
				c.line++
				c.lineBuf = c.lineBuf[:0]
				if err != nil && err != io.EOF {
					return nil, err
				}
				return nil, errRecordTooLong
			}
		}
		line = c.lineBuf
	}
	if len(line) == 0 {
		if err == nil {
			err = io.EOF
		}
		return nil, err
	}
	if err != nil && err != io.EOF {
		return nil, err
	}
	c.line++
	if !c.started {
		c.started = true
		line = bytes.TrimPrefix(line, []byte("\xEF\xBB\xBF"))
	}
	n := len(line)
	if n > 0 && line[n-1] == '\n' {
		n--
		if n > 0 && line[n-1] == '\r' {
			n--
		}
	} else if n > 0 && line[n-1] == '\r' {
		// A last line ending in a bare CR (old Mac tools): the CR is a
		// line end, as encoding/csv reads it.
		n--
	}
	return line[:n], nil
}

// read reads the next record. It returns io.EOF at the end, a
// *csvRowError for a row it skipped, or an I/O error.
func (c *csvReader) read() error {
	var line []byte
	var err error
	for {
		line, err = c.readLine()
		if err == errRecordTooLong {
			return &csvRowError{line: c.line, msg: fmt.Sprintf("a line longer than %d MiB; skipped", c.max>>20)}
		}
		if err != nil {
			return err
		}
		if len(line) > 0 {
			break
		}
	}
	c.startLine = c.line
	c.buf = c.buf[:0]
	c.bounds = c.bounds[:0]

	// Fast path: no quotes on the line, so no quoted fields and no line
	// breaks inside the record.
	if bytes.IndexByte(line, '"') < 0 {
		c.buf = append(c.buf, line...)
		start := 0
		for {
			i := bytes.IndexByte(c.buf[start:], ',')
			if i < 0 {
				c.bounds = append(c.bounds, start, len(c.buf))
				return nil
			}
			c.bounds = append(c.bounds, start, start+i)
			start += i + 1
		}
	}

	pos := 0
	for {
		start := len(c.buf)
		if pos < len(line) && line[pos] == '"' {
			pos++
			for {
				i := bytes.IndexByte(line[pos:], '"')
				if i < 0 {
					// The quoted field goes on past the line break.
					c.buf = append(c.buf, line[pos:]...)
					c.buf = append(c.buf, '\n')
					if len(c.buf) > c.max {
						return &csvRowError{line: c.startLine, msg: fmt.Sprintf("a record longer than %d MiB (a quote that is never closed?); skipped", c.max>>20)}
					}
					line, err = c.readLine()
					if err == io.EOF {
						return &csvRowError{line: c.startLine, msg: "a quoted value is still open at the end of the file"}
					}
					if err == errRecordTooLong {
						return &csvRowError{line: c.startLine, msg: fmt.Sprintf("a record longer than %d MiB (a quote that is never closed?); skipped", c.max>>20)}
					}
					if err != nil {
						return err
					}
					pos = 0
					continue
				}
				c.buf = append(c.buf, line[pos:pos+i]...)
				pos += i + 1
				switch {
				case pos < len(line) && line[pos] == '"':
					c.buf = append(c.buf, '"')
					pos++
					continue
				case pos == len(line):
					c.bounds = append(c.bounds, start, len(c.buf))
					return nil
				case line[pos] == ',':
					pos++
				default:
					// A stray quote inside a quoted field: keep it.
					c.buf = append(c.buf, '"')
					continue
				}
				break
			}
			c.bounds = append(c.bounds, start, len(c.buf))
			continue
		}
		i := bytes.IndexByte(line[pos:], ',')
		if i < 0 {
			c.buf = append(c.buf, line[pos:]...)
			c.bounds = append(c.bounds, start, len(c.buf))
			return nil
		}
		c.buf = append(c.buf, line[pos:pos+i]...)
		c.bounds = append(c.bounds, start, len(c.buf))
		pos += i + 1
	}
}

// fields returns the number of fields of the current record.
func (c *csvReader) fields() int { return len(c.bounds) / 2 }

// values fills dst with the current record's fields, sharing one string
// allocation for the whole record.
func (c *csvReader) values(dst []string) []string {
	s := string(c.buf)
	dst = dst[:0]
	for i := 0; i+1 < len(c.bounds); i += 2 {
		dst = append(dst, s[c.bounds[i]:c.bounds[i+1]])
	}
	return dst
}
