module github.com/photoprism/photoprism

require (
	github.com/araddon/dateparse v0.0.0-20210429162001-6b43995a97de
	github.com/cpuguy83/go-md2man/v2 v2.0.2 // indirect
	github.com/disintegration/imaging v1.6.2
	github.com/djherbis/times v1.5.0
	github.com/dsoprea/go-exif/v3 v3.0.0-20210625224831-a6301f85c82b
	github.com/dsoprea/go-heic-exif-extractor/v2 v2.0.0-20210512044107-62067e44c235
	github.com/dsoprea/go-iptc v0.0.0-20200610044640-bc9ca208b413 // indirect
	github.com/dsoprea/go-jpeg-image-structure/v2 v2.0.0-20210512043942-b434301c6836
	github.com/dsoprea/go-photoshop-info-format v0.0.0-20200610045659-121dd752914d // indirect
	github.com/dsoprea/go-png-image-structure/v2 v2.0.0-20210512210324-29b889a6093d
	github.com/dsoprea/go-tiff-image-structure/v2 v2.0.0-20210512044046-dc78da6a809b
	github.com/dsoprea/go-utility v0.0.0-20200717064901-2fccff4aa15e // indirect
	github.com/dustin/go-humanize v1.0.0
	github.com/esimov/pigo v1.4.5
	github.com/gin-contrib/gzip v0.0.5
	github.com/gin-gonic/gin v1.8.1
	github.com/go-errors/errors v1.4.2 // indirect
	github.com/go-playground/validator/v10 v10.11.0 // indirect
	github.com/golang/geo v0.0.0-20210211234256-740aa86cb551
	github.com/google/open-location-code/go v0.0.0-20220621164032-e5e2cac56d91
	github.com/gorilla/websocket v1.5.0
	github.com/gosimple/slug v1.12.0
	github.com/h2non/filetype v1.1.3
	github.com/jinzhu/gorm v1.9.16
	github.com/jinzhu/inflection v1.0.0
	github.com/kardianos/osext v0.0.0-20190222173326-2bc1f35cddc0 // indirect
	github.com/karrick/godirwalk v1.17.0
	github.com/klauspost/cpuid/v2 v2.0.14
	github.com/leandro-lugaresi/hub v1.1.1
	github.com/leonelquinteros/gotext v1.5.0
	github.com/lib/pq v1.8.0 // indirect
	github.com/lucasb-eyer/go-colorful v1.2.0
	github.com/mandykoh/prism v0.35.0
	github.com/manifoldco/promptui v0.9.0
	github.com/mattn/go-sqlite3 v2.0.1+incompatible // indirect
	github.com/modern-go/concurrent v0.0.0-20180306012644-bacd9c7ef1dd // indirect
	github.com/montanaflynn/stats v0.6.6
	github.com/patrickmn/go-cache v2.1.0+incompatible
	github.com/paulmach/go.geojson v1.4.0
	github.com/pbnjay/memory v0.0.0-20210728143218-7b4eea64cf58
	github.com/sevlyar/go-daemon v0.1.5
	github.com/sirupsen/logrus v1.8.1
	github.com/stretchr/testify v1.7.5
	github.com/studio-b12/gowebdav v0.0.0-20211106090535-29e74efa701f
	github.com/tensorflow/tensorflow v1.15.2
	github.com/tidwall/gjson v1.14.1
	github.com/ulule/deepcopier v0.0.0-20200430083143-45decc6639b6
	github.com/urfave/cli v1.22.9
	go4.org v0.0.0-20201209231011-d4a079459e60 // indirect
	golang.org/x/crypto v0.0.0-20220622213112-05595931fe9d
	golang.org/x/net v0.0.0-20220622184535-263ec571b305
	gonum.org/v1/gonum v0.11.0
	gopkg.in/photoprism/go-tz.v2 v2.1.1
	gopkg.in/yaml.v2 v2.4.0
)

require (
	github.com/go-xmlfmt/xmlfmt v0.0.0-20220206211657-0a94163c4677 // indirect
	golang.org/x/image v0.0.0-20220617043117-41969df76e82
)

require (
	github.com/mattn/go-runewidth v0.0.13 // indirect
	github.com/olekukonko/tablewriter v0.0.5
)

require (
	github.com/google/uuid v1.3.0
	github.com/pelletier/go-toml/v2 v2.0.2 // indirect
	golang.org/x/sys v0.0.0-20220624220833-87e55d714810 // indirect
)

require (
	github.com/chzyer/readline v1.5.0 // indirect
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/dsoprea/go-logging v0.0.0-20200710184922-b02d349568dd // indirect
	github.com/dsoprea/go-utility/v2 v2.0.0-20200717064901-2fccff4aa15e // indirect
	github.com/gin-contrib/sse v0.1.0 // indirect
	github.com/go-playground/locales v0.14.0 // indirect
	github.com/go-playground/universal-translator v0.18.0 // indirect
	github.com/go-sql-driver/mysql v1.5.0 // indirect
	github.com/goccy/go-json v0.9.7 // indirect
	github.com/gosimple/unidecode v1.0.1 // indirect
	github.com/json-iterator/go v1.1.12 // indirect
	github.com/leodido/go-urn v1.2.1 // indirect
	github.com/mandykoh/go-parallel v0.1.0 // indirect
	github.com/mattn/go-isatty v0.0.14 // indirect
	github.com/modern-go/reflect2 v1.0.2 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	github.com/rivo/uniseg v0.2.0 // indirect
	github.com/russross/blackfriday/v2 v2.1.0 // indirect
	github.com/tidwall/match v1.1.1 // indirect
	github.com/tidwall/pretty v1.2.0 // indirect
	github.com/ugorji/go/codec v1.2.7 // indirect
	golang.org/x/text v0.3.7 // indirect
	golang.org/x/xerrors v0.0.0-20200804184101-5ec99f83aff1 // indirect
	google.golang.org/protobuf v1.28.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)

go 1.17
