module github.com/wailsapp/wails

require (
	github.com/Masterminds/semver v1.4.2
	github.com/abadojack/whatlanggo v1.0.1
	github.com/fatih/color v1.7.0
	github.com/go-playground/colors v1.2.0
	github.com/gorilla/websocket v1.4.0
	github.com/jackmordaunt/icns v1.0.0
	github.com/kennygrant/sanitize v1.2.4
	github.com/konsorten/go-windows-terminal-sequences v1.0.2 // indirect
	github.com/leaanthony/mewn v0.10.7
	github.com/leaanthony/slicer v1.4.0
	github.com/leaanthony/spinner v0.5.3
	github.com/mattn/go-colorable v0.1.1 // indirect
	github.com/mattn/go-isatty v0.0.7 // indirect
	github.com/nfnt/resize v0.0.0-20180221191011-83c6a9932646 // indirect
	github.com/pkg/browser v0.0.0-20180916011732-0a3d74bf9ce4
	github.com/pkg/errors v0.8.1 // indirect
	github.com/sirupsen/logrus v1.4.1
	github.com/stretchr/testify v1.3.0 // indirect
	github.com/syossan27/tebata v0.0.0-20180602121909-b283fe4bc5ba
	golang.org/x/image v0.0.0-20200430140353-33d19683fad8
	golang.org/x/net v0.0.0-20200625001655-4c5254603344 // indirect
	golang.org/x/sys v0.0.0-20200724161237-0e2f3a69832c
	golang.org/x/text v0.3.0
	gopkg.in/AlecAivazis/survey.v1 v1.8.4
	gopkg.in/yaml.v3 v3.0.0-20190709130402-674ba3eaed22
)

go 1.13
