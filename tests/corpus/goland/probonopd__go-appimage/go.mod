module github.com/probonopd/go-appimage

go 1.23

require (
	github.com/CalebQ42/squashfs v1.0.4
	github.com/acobaugh/osrelease v0.1.0
	github.com/adrg/xdg v0.5.0
	github.com/alokmenghrajani/gpgeez v0.0.0-20161206084504-1a06f1c582f9
	github.com/coreos/go-systemd/v22 v22.5.0
	github.com/eclipse/paho.mqtt.golang v1.5.0
	github.com/esiqveland/notify v0.13.3
	github.com/fsnotify/fsnotify v1.7.0
	github.com/godbus/dbus/v5 v5.1.0
	github.com/google/go-github v17.0.0+incompatible
	github.com/h2non/go-is-svg v0.0.0-20160927212452-35e8c4b0612c
	github.com/hashicorp/go-version v1.7.0
	github.com/mattn/go-isatty v0.0.20
	github.com/mgord9518/imgconv v0.0.0-20211227113402-4a8e0ad15713
	github.com/otiai10/copy v1.14.0
	github.com/probonopd/go-zsyncmake v0.0.0-20181008012426-5db478ac2be7
	github.com/prometheus/procfs v0.15.1
	github.com/sabhiram/png-embed v0.0.0-20180421025336-149afe9a3ccb
	github.com/shirou/gopsutil v3.21.11+incompatible
	github.com/shuheiktgw/go-travis v0.3.1
	github.com/srwiley/oksvg v0.0.0-20221011165216-be6e8873101c
	github.com/srwiley/rasterx v0.0.0-20220730225603-2ab79fcdd4ef
	github.com/urfave/cli/v2 v2.27.4
	go.lsp.dev/uri v0.3.0
	golang.org/x/crypto v0.31.0
	golang.org/x/sys v0.28.0
	gopkg.in/ini.v1 v1.67.0
	gopkg.in/src-d/go-git.v4 v4.13.1
)

require (
	github.com/cpuguy83/go-md2man/v2 v2.0.4 // indirect
	github.com/emirpasic/gods v1.12.0 // indirect
	github.com/gabriel-vasile/mimetype v1.4.5 // indirect
	github.com/go-ole/go-ole v1.2.6 // indirect
	github.com/google/go-querystring v0.0.0-20170111101155-53e6ce116135 // indirect
	github.com/gorilla/websocket v1.5.3 // indirect
	github.com/jbenet/go-context v0.0.0-20150711004518-d14ea06fba99 // indirect
	github.com/kevinburke/ssh_config v0.0.0-20190725054713-01f96b0aa0cd // indirect
	github.com/klauspost/compress v1.17.9 // indirect
	github.com/mitchellh/go-homedir v1.1.0 // indirect
	github.com/pierrec/lz4/v4 v4.1.21 // indirect
	github.com/rasky/go-lzo v0.0.0-20200203143853-96a758eda86e // indirect
	github.com/russross/blackfriday/v2 v2.1.0 // indirect
	github.com/rustyoz/Mtransform v0.0.0-20190224104252-60c8c35a3681 // indirect
	github.com/rustyoz/genericlexer v0.0.0-20190224115003-eb82fd2987bd // indirect
	github.com/rustyoz/svg v0.0.0-20200706102315-fe1aeca2ba20 // indirect
	github.com/sabhiram/pngr v0.0.0-20180419043407-2df49b015d4b // indirect
	github.com/sergi/go-diff v1.0.0 // indirect
	github.com/src-d/gcfg v1.4.0 // indirect
	github.com/therootcompany/xz v1.0.1 // indirect
	github.com/tklauser/go-sysconf v0.3.14 // indirect
	github.com/tklauser/numcpus v0.8.0 // indirect
	github.com/ulikunitz/xz v0.5.12 // indirect
	github.com/xanzy/ssh-agent v0.2.1 // indirect
	github.com/xrash/smetrics v0.0.0-20240521201337-686a1a2994c1 // indirect
	github.com/yusufpapurcu/wmi v1.2.4 // indirect
	golang.org/x/image v0.0.0-20211028202545-6944b10bf410 // indirect
	golang.org/x/net v0.33.0 // indirect
	golang.org/x/sync v0.10.0 // indirect
	golang.org/x/text v0.21.0 // indirect
	gopkg.in/src-d/go-billy.v4 v4.3.2 // indirect
	gopkg.in/warnings.v0 v0.1.2 // indirect
)
