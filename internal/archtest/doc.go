// Package archtest holds the test that keeps the code in the shape
// ARCHITECTURE.md draws: which package may import which, no file of
// hand-written Go over 600 lines, and no contract between layers typed as
// a bare string where a type exists.
package archtest
