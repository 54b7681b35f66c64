module github.com/gohugoio/hugo

require (
	github.com/BurntSushi/locker v0.0.0-20171006230638-a6e239ea1c69
	github.com/alecthomas/chroma/v2 v2.14.0
	github.com/armon/go-radix v1.0.1-0.20221118154546-54df44f2176c
	github.com/aws/aws-sdk-go-v2 v1.26.1
	github.com/aws/aws-sdk-go-v2/service/cloudfront v1.35.4
	github.com/bep/clocks v0.5.0
	github.com/bep/debounce v1.2.0
	github.com/bep/gitmap v1.6.0
	github.com/bep/goat v0.5.0
	github.com/bep/godartsass v1.2.0
	github.com/bep/godartsass/v2 v2.0.0
	github.com/bep/golibsass v1.1.1
	github.com/bep/gowebp v0.3.0
	github.com/bep/helpers v0.4.0
	github.com/bep/lazycache v0.4.0
	github.com/bep/logg v0.4.0
	github.com/bep/mclib v1.20400.20402
	github.com/bep/overlayfs v0.9.2
	github.com/bep/simplecobra v0.4.0
	github.com/bep/tmc v0.5.1
	github.com/cespare/xxhash/v2 v2.3.0
	github.com/clbanning/mxj/v2 v2.7.0
	github.com/cli/safeexec v1.0.1
	github.com/disintegration/gift v1.2.1
	github.com/dustin/go-humanize v1.0.1
	github.com/evanw/esbuild v0.21.4
	github.com/fatih/color v1.16.0
	github.com/fortytw2/leaktest v1.3.0
	github.com/frankban/quicktest v1.14.6
	github.com/fsnotify/fsnotify v1.7.0
	github.com/getkin/kin-openapi v0.123.0
	github.com/ghodss/yaml v1.0.0
	github.com/gobuffalo/flect v1.0.2
	github.com/gobwas/glob v0.2.3
	github.com/gohugoio/go-i18n/v2 v2.1.3-0.20230805085216-e63c13218d0e
	github.com/gohugoio/httpcache v0.7.0
	github.com/gohugoio/hugo-goldmark-extensions/extras v0.2.0
	github.com/gohugoio/hugo-goldmark-extensions/passthrough v0.2.0
	github.com/gohugoio/locales v0.14.0
	github.com/gohugoio/localescompressed v1.0.1
	github.com/gohugoio/testmodBuilder/mods v0.0.0-20190520184928-c56af20f2e95
	github.com/google/go-cmp v0.6.0
	github.com/gorilla/websocket v1.5.1
	github.com/hairyhenderson/go-codeowners v0.4.0
	github.com/jdkato/prose v1.2.1
	github.com/kylelemons/godebug v1.1.0
	github.com/kyokomi/emoji/v2 v2.2.12
	github.com/magefile/mage v1.15.0
	github.com/makeworld-the-better-one/dither/v2 v2.4.0
	github.com/marekm4/color-extractor v1.2.1
	github.com/mattn/go-isatty v0.0.20
	github.com/mitchellh/hashstructure v1.1.0
	github.com/mitchellh/mapstructure v1.5.1-0.20231216201459-8508981c8b6c
	github.com/muesli/smartcrop v0.3.0
	github.com/niklasfasching/go-org v1.7.0
	github.com/olekukonko/tablewriter v0.0.5
	github.com/pbnjay/memory v0.0.0-20210728143218-7b4eea64cf58
	github.com/pelletier/go-toml/v2 v2.2.2
	github.com/rogpeppe/go-internal v1.12.0
	github.com/rwcarlsen/goexif v0.0.0-20190401172101-9e8deecbddbd
	github.com/sanity-io/litter v1.5.5
	github.com/spf13/afero v1.11.0
	github.com/spf13/cast v1.6.0
	github.com/spf13/cobra v1.8.0
	github.com/spf13/fsync v0.10.1
	github.com/spf13/pflag v1.0.5
	github.com/tdewolff/minify/v2 v2.20.36
	github.com/tdewolff/parse/v2 v2.7.15
	github.com/yuin/goldmark v1.7.4
	github.com/yuin/goldmark-emoji v1.0.3
	go.uber.org/automaxprocs v1.5.3
	gocloud.dev v0.36.0
	golang.org/x/exp v0.0.0-20221031165847-c99f073a8326
	golang.org/x/image v0.18.0
	golang.org/x/mod v0.17.0
	golang.org/x/net v0.25.0
	golang.org/x/sync v0.7.0
	golang.org/x/text v0.16.0
	golang.org/x/tools v0.21.1-0.20240508182429-e35e4ccd0d2d
	google.golang.org/api v0.152.0
	gopkg.in/yaml.v2 v2.4.0
)

require (
	cloud.google.com/go v0.110.10 // indirect
	cloud.google.com/go/compute v1.23.3 // indirect
	cloud.google.com/go/compute/metadata v0.2.3 // indirect
	cloud.google.com/go/iam v1.1.5 // indirect
	cloud.google.com/go/storage v1.35.1 // indirect
	github.com/Azure/azure-sdk-for-go/sdk/azcore v1.9.0 // indirect
	github.com/Azure/azure-sdk-for-go/sdk/azidentity v1.4.0 // indirect
	github.com/Azure/azure-sdk-for-go/sdk/internal v1.5.0 // indirect
	github.com/Azure/azure-sdk-for-go/sdk/storage/azblob v1.2.0 // indirect
	github.com/Azure/go-autorest v14.2.0+incompatible // indirect
	github.com/Azure/go-autorest/autorest/to v0.4.0 // indirect
	github.com/AzureAD/microsoft-authentication-library-for-go v1.2.0 // indirect
	github.com/aws/aws-sdk-go v1.50.7 // indirect
	github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream v1.5.4 // indirect
	github.com/aws/aws-sdk-go-v2/config v1.26.1 // indirect
	github.com/aws/aws-sdk-go-v2/credentials v1.16.12 // indirect
	github.com/aws/aws-sdk-go-v2/feature/ec2/imds v1.14.10 // indirect
	github.com/aws/aws-sdk-go-v2/feature/s3/manager v1.15.7 // indirect
	github.com/aws/aws-sdk-go-v2/internal/configsources v1.3.5 // indirect
	github.com/aws/aws-sdk-go-v2/internal/endpoints/v2 v2.6.5 // indirect
	github.com/aws/aws-sdk-go-v2/internal/ini v1.7.2 // indirect
	github.com/aws/aws-sdk-go-v2/internal/v4a v1.2.9 // indirect
	github.com/aws/aws-sdk-go-v2/service/internal/accept-encoding v1.10.4 // indirect
	github.com/aws/aws-sdk-go-v2/service/internal/checksum v1.2.9 // indirect
	github.com/aws/aws-sdk-go-v2/service/internal/presigned-url v1.10.9 // indirect
	github.com/aws/aws-sdk-go-v2/service/internal/s3shared v1.16.9 // indirect
	github.com/aws/aws-sdk-go-v2/service/s3 v1.47.5 // indirect
	github.com/aws/aws-sdk-go-v2/service/sso v1.18.5 // indirect
	github.com/aws/aws-sdk-go-v2/service/ssooidc v1.21.5 // indirect
	github.com/aws/aws-sdk-go-v2/service/sts v1.26.5 // indirect
	github.com/aws/smithy-go v1.20.2 // indirect
	github.com/cpuguy83/go-md2man/v2 v2.0.3 // indirect
	github.com/dlclark/regexp2 v1.11.0 // indirect
	github.com/go-openapi/jsonpointer v0.20.2 // indirect
	github.com/go-openapi/swag v0.22.8 // indirect
	github.com/golang-jwt/jwt/v5 v5.1.0 // indirect
	github.com/golang/groupcache v0.0.0-20210331224755-41bb18bfe9da // indirect
	github.com/golang/protobuf v1.5.3 // indirect
	github.com/google/s2a-go v0.1.7 // indirect
	github.com/google/uuid v1.4.0 // indirect
	github.com/google/wire v0.5.0 // indirect
	github.com/googleapis/enterprise-certificate-proxy v0.3.2 // indirect
	github.com/googleapis/gax-go/v2 v2.12.0 // indirect
	github.com/hashicorp/golang-lru/v2 v2.0.7 // indirect
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/invopop/yaml v0.2.0 // indirect
	github.com/jmespath/go-jmespath v0.4.0 // indirect
	github.com/josharian/intern v1.0.0 // indirect
	github.com/kr/pretty v0.3.1 // indirect
	github.com/kr/text v0.2.0 // indirect
	github.com/mailru/easyjson v0.7.7 // indirect
	github.com/mattn/go-colorable v0.1.13 // indirect
	github.com/mattn/go-runewidth v0.0.9 // indirect
	github.com/mohae/deepcopy v0.0.0-20170929034955-c48cc78d4826 // indirect
	github.com/nfnt/resize v0.0.0-20180221191011-83c6a9932646 // indirect
	github.com/perimeterx/marshmallow v1.1.5 // indirect
	github.com/pkg/browser v0.0.0-20210911075715-681adbf594b8 // indirect
	github.com/pkg/errors v0.9.1 // indirect
	github.com/russross/blackfriday/v2 v2.1.0 // indirect
	go.opencensus.io v0.24.0 // indirect
	golang.org/x/crypto v0.23.0 // indirect
	golang.org/x/oauth2 v0.15.0 // indirect
	golang.org/x/sys v0.20.0 // indirect
	golang.org/x/time v0.5.0 // indirect
	golang.org/x/xerrors v0.0.0-20231012003039-104605ab7028 // indirect
	google.golang.org/appengine v1.6.8 // indirect
	google.golang.org/genproto v0.0.0-20231120223509-83a465c0220f // indirect
	google.golang.org/genproto/googleapis/api v0.0.0-20231120223509-83a465c0220f // indirect
	google.golang.org/genproto/googleapis/rpc v0.0.0-20231120223509-83a465c0220f // indirect
	google.golang.org/grpc v1.59.0 // indirect
	google.golang.org/protobuf v1.33.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
	howett.net/plist v1.0.0 // indirect
	software.sslmate.com/src/go-pkcs12 v0.2.0 // indirect
)

go 1.20
