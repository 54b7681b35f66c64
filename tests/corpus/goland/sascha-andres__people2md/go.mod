module github.com/sascha-andres/people2md

go 1.24.0

require (
	github.com/sascha-andres/reuse v0.11.0
	github.com/sascha-andres/sbrdata/v2 v2.1.0
)

require golang.org/x/exp v0.0.0-20251219203646-944ab1f22d93 // indirect
