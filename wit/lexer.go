package wit

import (
	"fmt"
	"strings"
)

// Pos is a position in a WIT source file.
type Pos struct {
	File   string
	Offset int // byte offset, 0-based
	Line   int // 1-based
	Col    int // 1-based, in bytes
}

func (p Pos) String() string {
	if p.Line == 0 {
		if p.File == "" {
			return "-"
		}
		return p.File
	}
	f := p.File
	if f == "" {
		f = "<input>"
	}
	return fmt.Sprintf("%s:%d:%d", f, p.Line, p.Col)
}

// IsValid reports whether the position is known.
func (p Pos) IsValid() bool { return p.Line > 0 }

type tokKind int

const (
	tEOF tokKind = iota
	tIdent
	tNumber // digits, possibly a whole semver such as 0.2.0-rc.1
	tLBrace
	tRBrace
	tLParen
	tRParen
	tLAngle
	tRAngle
	tComma
	tSemi
	tColon
	tDot
	tEq
	tArrow
	tStar
	tSlash
	tAt
	tUnderscore
	tPlus
	tMinus
)

var tokNames = map[tokKind]string{
	tEOF: "end of file", tIdent: "identifier", tNumber: "number", tLBrace: "'{'", tRBrace: "'}'",
	tLParen: "'('", tRParen: "')'", tLAngle: "'<'", tRAngle: "'>'", tComma: "','", tSemi: "';'",
	tColon: "':'", tDot: "'.'", tEq: "'='", tArrow: "'->'", tStar: "'*'", tSlash: "'/'", tAt: "'@'",
	tUnderscore: "'_'", tPlus: "'+'", tMinus: "'-'",
}

type token struct {
	kind     tokKind
	text     string // identifier (without %), number text
	explicit bool   // identifier written with a leading %
	pos      Pos
	end      int    // byte offset after the token
	docs     string // doc comments right before this token
	hasDocs  bool
}

func (t token) describe() string {
	switch t.kind {
	case tIdent:
		return fmt.Sprintf("identifier %q", t.text)
	case tNumber:
		return fmt.Sprintf("number %q", t.text)
	}
	return tokNames[t.kind]
}

type lexer struct {
	file string
	src  []byte
	off  int
	line int
	col  int
	errs *ErrorList
}

func newLexer(file string, src []byte, errs *ErrorList) *lexer {
	return &lexer{file: file, src: src, line: 1, col: 1, errs: errs}
}

func (l *lexer) pos() Pos { return Pos{File: l.file, Offset: l.off, Line: l.line, Col: l.col} }

func (l *lexer) errorf(p Pos, format string, args ...any) {
	*l.errs = append(*l.errs, &Error{Pos: p, Msg: fmt.Sprintf(format, args...)})
	if len(*l.errs) >= maxErrors {
		panic(bailout{})
	}
}

func (l *lexer) advance(n int) {
	for i := 0; i < n && l.off < len(l.src); i++ {
		if l.src[l.off] == '\n' {
			l.line++
			l.col = 1
		} else {
			l.col++
		}
		l.off++
	}
}

func (l *lexer) peekByte(k int) byte {
	if l.off+k < len(l.src) {
		return l.src[l.off+k]
	}
	return 0
}

func isIdentStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isIdentChar(c byte) bool  { return isIdentStart(c) || c >= '0' && c <= '9' || c == '-' }
func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isVersionChar(c byte) bool {
	return isIdentStart(c) || isDigit(c) || c == '-' || c == '+'
}

// next returns the next token, skipping whitespace and comments and
// collecting doc comments.
func (l *lexer) next() token {
	var docs []string
	hasDocs := false
	for l.off < len(l.src) {
		c := l.src[l.off]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			l.advance(1)
			continue
		case c == '/' && l.peekByte(1) == '/':
			start := l.off
			for l.off < len(l.src) && l.src[l.off] != '\n' {
				l.advance(1)
			}
			text := string(l.src[start:l.off])
			if strings.HasPrefix(text, "///") && !strings.HasPrefix(text, "////") {
				hasDocs = true
				d := strings.TrimSuffix(text[3:], "\r")
				d = strings.TrimPrefix(d, " ")
				docs = append(docs, d)
			}
			continue
		case c == '/' && l.peekByte(1) == '*':
			p := l.pos()
			start := l.off
			depth := 0
			for {
				if l.off >= len(l.src) {
					l.errorf(p, "unterminated block comment")
					break
				}
				if l.src[l.off] == '/' && l.peekByte(1) == '*' {
					depth++
					l.advance(2)
					continue
				}
				if l.src[l.off] == '*' && l.peekByte(1) == '/' {
					depth--
					l.advance(2)
					if depth == 0 {
						break
					}
					continue
				}
				l.advance(1)
			}
			text := string(l.src[start:l.off])
			if strings.HasPrefix(text, "/**") && !strings.HasPrefix(text, "/***") && text != "/**/" && len(text) >= 5 {
				hasDocs = true
				body := strings.TrimSuffix(text[3:], "*/")
				for _, ln := range strings.Split(strings.TrimSpace(body), "\n") {
					ln = strings.TrimSpace(ln)
					ln = strings.TrimPrefix(ln, "* ")
					if ln == "*" {
						ln = ""
					}
					docs = append(docs, ln)
				}
			}
			continue
		}
		break
	}
	t := token{pos: l.pos()}
	if hasDocs {
		t.docs = strings.Join(docs, "\n")
		t.hasDocs = true
	}
	if l.off >= len(l.src) {
		t.kind = tEOF
		t.end = l.off
		return t
	}
	c := l.src[l.off]
	single := func(k tokKind) token {
		t.kind = k
		l.advance(1)
		t.end = l.off
		return t
	}
	switch c {
	case '{':
		return single(tLBrace)
	case '}':
		return single(tRBrace)
	case '(':
		return single(tLParen)
	case ')':
		return single(tRParen)
	case '<':
		return single(tLAngle)
	case '>':
		return single(tRAngle)
	case ',':
		return single(tComma)
	case ';':
		return single(tSemi)
	case ':':
		return single(tColon)
	case '.':
		return single(tDot)
	case '=':
		return single(tEq)
	case '*':
		return single(tStar)
	case '/':
		return single(tSlash)
	case '@':
		return single(tAt)
	case '+':
		return single(tPlus)
	case '-':
		if l.peekByte(1) == '>' {
			t.kind = tArrow
			l.advance(2)
			t.end = l.off
			return t
		}
		return single(tMinus)
	case '_':
		if !isIdentChar(l.peekByte(1)) {
			return single(tUnderscore)
		}
	}
	if c == '%' || isIdentStart(c) {
		if c == '%' {
			t.explicit = true
			l.advance(1)
			if !isIdentStart(l.peekByte(0)) {
				l.errorf(t.pos, "expected an identifier after '%%'")
			}
		}
		start := l.off
		for l.off < len(l.src) && isIdentChar(l.src[l.off]) {
			l.advance(1)
		}
		t.kind = tIdent
		t.text = string(l.src[start:l.off])
		t.end = l.off
		if msg := checkKebab(t.text); msg != "" {
			l.errorf(t.pos, "invalid identifier %q: %s", t.text, msg)
		}
		return t
	}
	if isDigit(c) {
		start := l.off
		for l.off < len(l.src) {
			b := l.src[l.off]
			if isVersionChar(b) || b == '.' && l.off+1 < len(l.src) && (isDigit(l.src[l.off+1]) || isIdentStart(l.src[l.off+1])) {
				l.advance(1)
				continue
			}
			break
		}
		t.kind = tNumber
		t.text = string(l.src[start:l.off])
		t.end = l.off
		return t
	}
	l.errorf(t.pos, "unexpected character %q", rune(c))
	l.advance(1)
	return l.next()
}

// checkKebab checks the component model's kebab-case rule for names: words
// separated by single hyphens, each word starting with a letter and written
// all in lower case or all in upper case (digits allowed after the first
// letter). It returns "" when name is valid.
func checkKebab(name string) string {
	for _, w := range strings.Split(name, "-") {
		if w == "" {
			return "empty word (leading, trailing or doubled '-')"
		}
		if !isIdentStart(w[0]) {
			return fmt.Sprintf("word %q starts with a digit", w)
		}
		lower, upper := false, false
		for i := 0; i < len(w); i++ {
			c := w[i]
			switch {
			case c >= 'a' && c <= 'z':
				lower = true
			case c >= 'A' && c <= 'Z':
				upper = true
			}
		}
		if lower && upper {
			return fmt.Sprintf("word %q mixes upper and lower case", w)
		}
	}
	return ""
}
