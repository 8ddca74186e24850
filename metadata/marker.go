package metadata

import "bytes"

// HasMarker reports whether data contains "synclint:" in any case, the
// marker every suppression directive starts with (findings/filter). It
// looks at each colon, found with a vectorised search, instead of folding
// every byte: metadata files hold few colons.
func HasMarker(data []byte) bool {
	const word = "synclint"
	for off := 0; ; {
		i := bytes.IndexByte(data[off:], ':')
		if i < 0 {
			return false
		}
		i += off
		if i >= len(word) && bytes.EqualFold(data[i-len(word):i], []byte(word)) {
			return true
		}
		off = i + 1
	}
}
