# tiendo's messages in English (Fluent: https://projectfluent.org/).
# Every id here must be in locales/vi/tiendo.ftl with the same { $... } values
# (tests/messages.rs checks). Written in an editor's words, never YAML jargon.

## Common

summary = { $errors } { $errors ->
        [one] error
       *[other] errors
    }, { $warnings } { $warnings ->
        [one] warning
       *[other] warnings
    }
severity-error = error
severity-warning = warning
diagnostic-help = help: { $help }
diagnostic-in-file = in { $location }
did-you-mean = did you mean `{ $id }`?

## Kinds of content (put into other sentences)

kind-goal = goal
kind-agency = agency
kind-locality = commune or ward
kind-task = task
kind-entry = progress entry
kind-practice = model practice

## Checking content (tiendo check, tiendo build)

unknown-id = unknown { $kind } `{ $id }`
unknown-id-label = no { $kind } has this id
unknown-id-help = use the id of an existing { $kind }
image-without-alt = image without `image_alt`
image-without-alt-label = readers who cannot see the image need its description
image-without-alt-help = add `image_alt:` with one sentence on what the image shows
bad-base-url = `{ $url }` { $why }
bad-base-url-help = write the address the portal is published at, e.g. "https://tiendo.hungyen.gov.vn/" or "https://host/sub/"
base-url-not-web = is not a web address (http:// or https://)
base-url-no-host = has no host name (or one with characters a host name cannot have)
base-url-double-slash = has `//` in its path, which browsers read as another host
base-url-bad-path = has `?`, `#`, `\` or spaces in its path
license-unknown = `{ $id }` is not a licence tiendo knows
license-no-name = the licence has no `name`
license-bad-url = the licence's `url` `{ $url }` is not an http(s) address
bad-license-help = write the licence of the open data as one of { $known }, or as `license: {"{"}name: "...", url: "https://..."{"}"}` for another licence
page-size-zero = `page_size` must be at least 1
page-size-zero-help = how many progress entries one list page shows; 20 is the default
stale-after-zero = `stale_after_days` must be at least 1
stale-after-zero-help = after how many days without a report an ongoing task is flagged; 90 is the default
placeholder = `{ $text }` is a placeholder to replace
placeholder-label = tiendo init wrote this for you to fill in
placeholder-help = write it as the plan document does, without the words in brackets; `tiendo build --strict` refuses to publish a placeholder
example-address = `{ $url }` is an example address
example-address-label = links, feeds and share cards would point to a site that is not yours
example-address-help = write the address the portal will be published at, e.g. "https://tiendo.hungyen.gov.vn/" (or build with --base-url)
alias-not-address = `{ $alias }` is not a page address
alias-not-address-label = an old address of this page, to redirect from
alias-not-address-help = write the old path without the domain, in ASCII letters, digits and hyphens, e.g. "/nhiem-vu/ten-cu/"
alias-twice = the alias `{ $alias }` is used twice
alias-twice-help = an old address can redirect to one page only; remove one of them
removed-not-address = `{ $path }` is not a page address
removed-not-address-help = write the old path without the domain, e.g. "/dien-hinh/ten-cu/"
removed-and-alias = `{ $path }` is both removed and an alias of a page
removed-and-alias-help = an address either redirects (aliases:) or says the page is gone (removed:): keep one
removed-without-reason = a removed address needs a reason
removed-without-reason-help = say in a sentence why the page was removed; readers who follow an old link see it
alias-taken = the alias `{ $alias }` is the address of another page
alias-taken-help = an alias is an old address that no page has any more; remove it or write the old address it had
text-too-deep = the text nests more than { $max } levels deep
text-too-deep-label = quotes (`>`), lists or HTML elements inside one another
text-too-deep-help = write the text with fewer levels: no real text nests this deep
body-media-missing = `{ $url }` is not in content/media/
body-media-missing-label = the page would show a broken image or link here
body-media-missing-suggest = did you mean `{ $file }`? Put the file under content/media/ with this name, or correct the name
body-media-missing-help = put the file under content/media/ with this name, or correct the name (names are case-sensitive)
body-no-page = the portal has no page `{ $url }`
body-no-page-label = readers following this link would find “page not found”
body-no-page-help = copy the address from the page in the preview (tiendo serve), e.g. /nhiem-vu/<task id>/
body-link-space = `{ $written }` is not read as a link: the name has a space
body-link-space-label = the page would show the brackets and the name as text
body-link-space-help = rename the file without spaces (e.g. with hyphens), or write the address between < and >: (<{ $written }>)
date-far = the date { $date } is far from the plan's
date-window = expected between { $start } and { $end }
date-far-help = check the year; bulletins and the calendar leave out dates outside this window
as-of-far = statuses as of { $date }, far from the plan's dates
as-of-far-help = check the year of `as_of` (or of `--as-of`); bulletins stop at the end of this window
entry-without-task = progress entry without a task
entry-without-task-help = say which task it reports on: `task: <task id>` (or `tasks: [a, b]`)
entry-without-locality = entry for per-locality task `{ $task }` has no `locality`
entry-without-locality-label = every commune and ward reports on this task separately
entry-without-locality-help = add `locality: <id of the commune or ward>` (see content/localities.yaml)
condition-met-unconditional = `condition_met` on task `{ $task }`, which has no conditional deadline
condition-met-unconditional-help = `condition_met: true` records that an `{"{"}after: ...{"}"}` deadline's condition is met; remove it here
percent-out-of-range = percent { $percent } is outside 0..100
percent-out-of-range-label = a share of the work, from 0 to 100
percent-out-of-range-help = write a whole number from 0 to 100, or leave `percent` out
evidence-empty = evidence without a reference, link or file
evidence-empty-help = give the document number as written on it (`ref: "123-BC/BTCTU"`), a `url:`, or a `file:` under media/
done-without-evidence = `done` without evidence
done-without-evidence-label = readers trust a status when they can see what backs it
done-without-evidence-help = add `evidence:` with the report's number and date (`- {"{"}ref: "123-BC/BTCTU", date: 2026-05-28{"}"}`) or a link
media-missing = missing media file `{ $path }`
media-missing-label = no such file under content/
media-missing-help = put the file under content/media/ and write its path from content/, e.g. media/2026/bao-cao.pdf
id-too-long = { $kind } id is { $length } characters long
id-too-long-label = at most { $max }: ids become folder names, and file systems refuse longer ones
id-too-long-help = shorten the id; an old address can be kept with `aliases:`
id-not-url = { $kind } id `{ $id }` is not usable in a URL
id-not-url-label = ids become web addresses
id-not-url-help = use lowercase letters a-z without diacritics, digits and hyphens, e.g. `xa-an-thi`
id-duplicate = duplicate { $kind } id `{ $id }`
id-duplicate-item = already used in { $file } (item { $item })
id-duplicate-file = already used in { $file }
id-duplicate-from-name-help = the id comes from the file name: rename one of the files, or set `id:` in its front matter
id-duplicate-help = give each one its own id
condition-repeats = the deadline would read "{ $shown }", which says "{ $pair }" twice
condition-repeats-label = pages, share cards and open data put "{ $prefix }" before this
condition-repeats-fix = the page writes "{ $prefix }" before the condition itself: write `{"{"}after: "{ $rest }"{"}"}`; the plan's own wording can stay in `due_text`
condition-repeats-help = the page writes "{ $prefix }" before the condition: write the condition once, without repeating "{ $pair }"
scheme-not-allowed = a `{ $scheme }:` link is not allowed
scheme-not-allowed-label = a link here would run or open something other than a web page in the reader's browser
scheme-not-allowed-help = link to a web page (https://...), an e-mail address (mailto:...) or a file under media/ (media/2026/bao-cao.pdf)
dated-after-as-of = { $what } dated { $date }, after the as-of date { $as_of }
dated-after-as-of-label = not shown until that date
dated-after-pinned-help = the portal shows the plan as of { $as_of }, the `as_of:` in content/site.yaml: if this date is right, change `as_of` (or remove the line to show today's state)
dated-after-help = check the date; an entry counts from its date on
kind-plan = the plan
kind-site-config = site.yaml

## Reading files (tiendo check, tiendo build)

file-links-outside = is a link to `{ $target }`, outside the site: tiendo reads only files inside the site folder
file-links-outside-help = copy the file into the site instead of linking to it
file-unreadable = cannot read the file: { $why }
file-unreadable-help = check that it exists and can be read
file-not-utf8 = the file is not UTF-8 text
file-not-utf8-label = this byte is not UTF-8
file-not-utf8-help = save the file as UTF-8 (in most editors: Save with encoding → UTF-8); Vietnamese text from old systems is often in TCVN3 or Windows-1258
text-not-nfc = text is not in Unicode NFC
text-not-nfc-label = letters here are typed as separate base letters and tone marks
text-not-nfc-help = convert the file to NFC (e.g. `uconv -x any-nfc`, or retype the word with a Unicode keyboard such as Unikey)
control-char = control character { $char } in the text
control-char-label = an invisible character that breaks feeds and can rewrite a terminal's screen
control-char-help = delete it (it often comes with text pasted from another program); a line break is written by pressing Enter
folder-unreadable = cannot read this folder: { $why }
folder-unreadable-help = let tiendo read it (check its permissions), or move it out of content/: its files are left out until then
front-matter-missing = the file must start with front matter: a line `---`, the fields, then another line `---`
front-matter-not-closed = the front matter is not closed: add a line `---` after the last field
front-matter-help = start the file with `---`, the fields (`title: ...`), and `---`; the Markdown text comes after
list-expected = expected a list of { $what } records
list-expected-help = write each item as a list element starting with `- `, e.g. `- id: ...`
no-content-folder = no `content/` folder
no-content-folder-help = run tiendo in a site folder (one that has content/site.yaml), or pass its path; `tiendo init DIR` creates one
missing-site-yaml = missing `content/site.yaml`
missing-site-yaml-help = create it with at least `title:` and `base_url:` (see docs/content.en.md)
missing-plan = missing `content/plan.md`
missing-plan-help = create it: front matter with `id`, `title`, `issuer`, `signed_by`, `signer_title`, then the plan's text
missing-file = missing `{ $file }`
missing-list-help = create it: a list of { $what } records (see docs/content.en.md)
body-in-front-matter = `body` in a Markdown entry's front matter
body-in-front-matter-help = write the text after the closing `---` instead; `body:` is for entries in YAML batches
batch-entry-without-id = entry in a batch without `id`
batch-entry-without-id-label = its id becomes its web address
batch-entry-without-id-help = add `id: { $id }` (any unique id, lowercase, hyphens)

## Syntax errors in a file

yaml-colon = this line has a colon inside its text, so it cannot be read
yaml-colon-help = text with a colon must be put in double quotes, e.g. title: "Plan: phase 1"; if there is no colon, check that the line is indented like the lines above
yaml-indent = this line is not indented like the lines above it
yaml-indent-help = the fields of one record must start in the same column (the same number of spaces), and so must the items of a list (`- `); if a line above opens a double quote, close it
yaml-tab = this line is indented with the Tab key
yaml-tab-help = indent with spaces only: replace the tab on this line with spaces
yaml-duplicate-key = the field `{ $key }` is written twice in the same record
yaml-duplicate-key-help = this field is already written above: keep only one of them
yaml-quote-open = a double quote is never closed
yaml-quote-open-help = add the closing double quote at the end of the text; if the text holds double quotes, put single quotes around it: 'Text with "a quote"'
yaml-escape = a `\` inside double quotes starts a special character that does not exist
yaml-escape-help = write `\\` for one backslash, or use single quotes '...' instead of double quotes
yaml-bracket-open = a bracket `[` or brace `{"{"}` is never closed
yaml-bracket-open-help = close it with `]` or `{"}"}` and separate the values with commas; put text with a comma or a colon in double quotes
yaml-special-start = the value starts with a special character (`@`, `` ` `` or `%`)
yaml-special-start-help = put the whole value in double quotes: "..."
yaml-no-colon = this line is not of the form `field: value`
yaml-no-colon-help = every line is `field: value`; to continue long text on the next line, put it all in double quotes, or indent the following lines further than the field's name
yaml-alias = the value starts with `*` or `&`, which are special signs
yaml-alias-help = put the whole value in double quotes: "*..."
yaml-other = the file's layout is wrong here
yaml-other-help = check the indentation, and put double quotes around a value that contains `:` or `#`
yaml-too-nested = the file nests or repeats (`*name`) far beyond any real content
yaml-too-nested-help = write the values out
yaml-too-deep = the file nests more than { $max } lists or groups of fields deep
yaml-too-deep-brackets-help = no content nests this deeply: check for brackets `[` or `{"{"}` that are never closed
yaml-too-deep-help = no content nests this deeply: write the values out flat
yaml-too-many = the file holds more than { $max } values
yaml-too-many-help = no content file needs this many: split it into several files
yaml-value-too-long = a value longer than { $max } MB
yaml-value-too-long-help = no field needs this much text: put long documents in content/media/ and link them
yaml-aliases-too-many = the file makes more than { $max } values once its repeats (`*name`) are expanded
yaml-aliases-too-many-help = `*name` repeats values written elsewhere: write the values out, or use fewer repeats

## Values of fields

type-whole-number = a whole number
type-decimal-number = a number
type-bool = true or false
type-list = a list (`[a, b]` or lines starting with `- `)
type-fields = fields (`name: value`)
type-text = text
type-empty = nothing
type-date = a date
type-other = { $name }
unknown-field = unknown field `{ $field }`
unknown-field-label = not a field of { $what }
unknown-field-help = the fields of { $what } are: { $fields }
missing-field = missing required field `{ $field }`
missing-field-label = { $what } needs `{ $field }`
missing-field-help = add `{ $field }: ...` (see docs/content.en.md)
unknown-value = `{ $field }` cannot be `{ $value }`
unknown-value-suggest = did you mean `{ $value }`? (one of: { $values })
unknown-value-help = use one of: { $values }
wrong-type = wrong type for `{ $field }`: found { $found } { $value }
wrong-type-label = expected { $expected }
wrong-type-text-help = write text here; put quotes around text that looks like a number or a date: "5"
wrong-type-help = write { $expected } here
invalid-value = `{ $field }` cannot be { $value }
invalid-value-help = expected { $expected }
field-problem = `{ $field }`: { $problem }

## The stages of a build

bad-timezone = `{ $timezone }` is not a time zone offset
bad-timezone-help = write the offset from UTC, e.g. "+07:00" for Vietnam
media-unpublishable = `{ $file }` cannot be published: it is { $what }
media-unpublishable-label = a page, script or SVG image under media/ would run in the portal's address
media-unpublishable-help = publish documents as PDF, images as PNG, JPEG, GIF or WebP, data as .txt, .csv or office files; an SVG chart can be exported to PNG
media-kind-misnamed = a { $kind } file named `.{ $ext }`
media-kind-no-extension = a file without an extension
media-kind-extension = a `.{ $ext }` file
media-kind-not-utf8 = a `.{ $ext }` file that is not UTF-8 text
media-kind-markup = a `.{ $ext }` file holding HTML or SVG markup
media-kind-unreadable = a file that cannot be read ({ $why })
robots-under-path = the portal is under the path { $prefix }: robots.txt is written at { $robots }, but search engines read only { $root }
robots-under-path-help = ask whoever runs the host to add the line `Sitemap: { $sitemap }` to { $root }, so search engines find the portal's sitemap (see docs/deploy.md); the portal works as it is
as-of-earlier-than-published = the output was published with statuses as of { $before }; this build is as of { $as_of }, earlier: reports and bulletins dated after it are not made
as-of-earlier-than-published-help = to look at the site at an earlier date, build into another folder with -o
address-lost = the published address { $address } would disappear{ $with }: the content no longer makes this page
address-lost-with = {" "}(with { $list })
address-lost-help = if this item's id was renamed, add `aliases: ["{ $address }"]` to it (`tiendo mv` does this); if it was removed on purpose, add `removed: [{"{"}path: "{ $address }", reason: "why"{"}"}]` to content/site.yaml, or build with --allow-removed { $address }
reserved-generated-folder = `{ $path }/` is written by the build itself
reserved-generated-file = `{ $path }` is a file the build writes
reserved-list = `{ $path }/` is the list of every { $kind }
reserved-page = `{ $path }/` is the page of the { $kind } `{ $id }`

## The preview (tiendo serve)

error-page-title = The content has errors
error-page-reloads = The page reloads by itself once the files are fixed.
error-page-details = Details
error-page-help = What to do: { $help }
error-page-render-failed = The pages could not be rendered

## Command line: check, build

check-passed = check passed: { $summary } (statuses as of { $as_of })
check-failed = check failed: { $summary } (statuses as of { $as_of })
cli-bad-base-url = error: --base-url `{ $url }` { $why }
    help: write the address the portal is published at, e.g. --base-url https://tiendo.hungyen.gov.vn/ or https://host/sub/
build-stage-time = { $stage }: { $seconds } s
build-search-index = search index: { $pages } pages in { $seconds } s
search-cache-unreadable = search index: a page kept in the folder `{ $dir }` could not be read back (to fix: delete the folder `{ $dir }` inside the site folder and build again; that build does everything anew)
build-search-cache = ; from the cache: { $pages } unchanged pages, { $reused } of { $files } compressed files
build-done = built { $files } files ({ $written } written, { $kept } unchanged) in { $seconds } s into { $out } (statuses as of { $as_of }{ $warnings })
build-done-warnings = ; { $summary }
build-rendered-part = only the pages your changes reach were rendered again; the rest of the previous output was kept as it was
build-progress = building: { $files } files
build-failed = build failed: { $summary }; the previous output was left as it was

## Dates, deadlines, statuses

date-not-a-date = `{ $text }` is not a date: write it as 30/6/2026 or 2026-06-30
date-no-month = `{ $text }` is not a date: there is no month { $month }
date-no-day = `{ $text }` is not a date: month { $month } of { $year } has { $days } days
deadline-not-a-deadline = `{ $text }` is not a deadline: write a deadline as 2026-05 (a month), 2026-Q3 (a quarter), 2026-06-30 (a day), ongoing, as_needed (only when a case arises), or {"{"}after: "the condition"{"}"}
deadline-no-quarter = `{ $text }`: a year has quarters Q1 to Q4
deadline-two-digits = `{ $text }`: write the month with two digits, e.g. { $example }
deadline-no-month = `{ $text }`: there is no month { $month }
deadline-unknown-field = unknown field `{ $field }` in a deadline: the only field is `after`, e.g. {"{"}after: "sau khi có văn bản của Trung ương"{"}"}
deadline-no-condition = a conditional deadline needs its condition: {"{"}after: "the condition, as the plan writes it"{"}"}
status-unknown = `{ $text }` is not a status: { $hint }write đang thực hiện, hoàn thành, gặp vướng mắc or đã lên kế hoạch (or in_progress, done, blocked, planned)
status-suggest = did you mean `{ $word }`?{" "}
stage-load = load and check
stage-statuses = statuses
stage-render = render
stage-publish = publish
stage-other = { $name }

## Characters content must not carry

char-nul = { $code } (NUL)
char-vertical-tab = { $code } (vertical tab)
char-form-feed = { $code } (form feed)
char-escape = { $code } (ESC, a terminal escape)
char-del = { $code } (DEL)
char-bidi = { $code } (a bidirectional override)
char-control = { $code } (a control character)

## Files, folders, disks

io-disk-full = the disk is full ({ $detail }); free some space and run it again
io-permission = permission denied ({ $detail })
io-not-found = not found ({ $detail })
io-exists = already exists ({ $detail })
io-read-only = the disk is read-only ({ $detail })
io-other = { $detail }
file-io = `{ $path }`: { $why }

## Command line: common

cli-error = error: { $message }
cli-not-a-folder = `{ $path }` is not a folder
cli-unknown-id = unknown { $kind } `{ $id }`{ $hint }
cli-unknown-id-hint = ; did you mean `{ $id }`?

## tiendo build: outcome

build-content-errors = the content has errors: { $summary }
build-lost-addresses = { $count } published addresses would disappear
build-failed-then = build failed; { $then }
build-failed-plain = build failed
aftermath-kept = the previous output was left as it was
aftermath-nothing-written = nothing was written
output-not-ours = refusing to replace `{ $path }`: it is not empty and was not written by tiendo (no { $marker } file in it); remove it or choose another folder with -o
output-contains-content = the output folder `{ $path }` would contain the site's content; choose a folder outside it with -o
output-not-a-folder = refusing to write the site to `{ $path }`: it is not a folder (a file, a device or a link to one); choose a folder with -o
output-io = `{ $path }`: { $why }
output-swap = `{ $path }`: { $why }; the previous output is at `{ $aside }`
render-template = template `{ $template }`: { $message }
render-theme = theme: { $path }: { $message }
render-write = cannot write `{ $path }`: { $message }
render-collision = two pages want the address `{ $path }`: check `aliases:` and ids
render-other = { $message }
search-index = search index: { $message }
published-unreadable = cannot read `{ $file }`: { $why }
published-not-manifest = `{ $file }` is not a manifest tiendo wrote ({ $why }); give the live site's { $manifest } or sitemap.xml
published-neither = `{ $file }` is neither a sitemap (XML) nor a manifest (JSON); give the live site's sitemap.xml or { $manifest }
published-other-site = `{ $file }` lists `{ $url }`, which is not under the site's address `{ $prefix }`: is it the sitemap of this site?
published-empty = `{ $file }` lists no address

## tiendo serve

serve-listening = serving { $site } at { $url } (Ctrl-C to stop)
serve-no-browser = note: could not open a web browser ({ $why }); open { $url } yourself
serve-after-change = {" "}after a change to { $file }{ $more ->
        [0] {""}
       *[other] {" "}and { $more } more
    }
serve-built = built{ $what }: { $changed } files changed, { $rendered } files rendered in { $ms } ms
serve-rebuilt = rebuilt{ $what }: { $changed } files changed, { $rendered } files re-rendered in { $ms } ms (edited pages ready in { $first } ms)
serve-newer-change = a newer change came first, the other pages follow
serve-content-errors = content errors{ $what }: { $summary }; the browser shows them until they are fixed
serve-render-failed = error{ $what }: { $message }; the browser shows it until it is fixed
serve-watch-warning = warning: watching for changes: { $why }
serve-no-ctrlc = warning: Ctrl-C will not stop the server cleanly: { $why }
serve-stopped = stopped
serve-bind = cannot listen on { $address }: { $why } (choose another port with --port)
serve-watch = cannot watch `{ $path }` for changes: { $why }

## tiendo new, tiendo init, tiendo mv

new-needs-locality = every commune and ward reports on task `{ $task }` separately: say which one with --locality ID (see content/localities.yaml)
new-no-agencies = the site has no agencies yet: add them to content/agencies.yaml
scaffold-site-unreadable = the site cannot be read: { $summary }
scaffold-exists = `{ $path }` already exists; choose another folder
scaffold-invalid = the new file would not be valid: { $summary }
init-done = created a site in { $dir }: fill in what is marked (edit) and the base_url in content/site.yaml; `tiendo check` lists what is left; then preview with `tiendo serve { $dir }`
mv-bad-id = `{ $id }` cannot be an id: use lowercase letters without tone marks, digits and hyphens (e.g. `so-noi-vu-danh-gia`)
mv-taken = a { $kind } with the id `{ $id }` exists already; choose another
mv-site-errors = the site has errors: { $summary }; fix them first (`tiendo check`)
mv-would-break = after the rename the site would have errors: { $summary }; nothing was written

## tiendo report

report-bad-extension = `{ $path }`: name the report .xlsx (Excel), .csv, .json or .txt
report-failed = report failed: { $summary }; fix the content first (`tiendo check`)
report-unknown-agency = unknown agency `{ $id }` ({ $hint })
report-unknown-agency-suggest = did you mean `{ $id }`?
report-unknown-agency-help = see content/agencies.yaml
report-not-made = the report could not be made: { $why }
report-not-written = `{ $path }` could not be written: { $why }{ $excel }
report-open-in-excel = {" "}(is it open in Excel? close it and run the command again)

## tiendo import

import-no-file = name the spreadsheet to import (or --template to write a blank one)
import-site-errors = the site cannot be read: { $summary }
import-rows-failed = { $errors } error(s) in the spreadsheet; nothing was written
import-file-failed = `{ $path }`: { $why }; nothing was written
import-interrupted = interrupted; nothing was written
import-failed = import failed: { $errors } { $errors ->
        [one] error
       *[other] errors
    } in { $file }; nothing was written
import-already = { $at }: already imported as `{ $id }`
import-would-write = would write { $path }
import-wrote = wrote { $path }
import-would-import = would import { $count } entries from { $file } ({ $already } already there){ $blank ->
        [0] {""}
        [one] ; 1 task left without a report
       *[other] ; { $blank } tasks left without a report
    }
import-imported = imported { $count } entries from { $file } ({ $already } already there){ $blank ->
        [0] {""}
        [one] ; 1 task left without a report
       *[other] ; { $blank } tasks left without a report
    }
import-at-sheet = sheet "{ $sheet }"
import-at-row = row { $row }
import-at-column = column { $letter } ({ $name })
import-not-spreadsheet = not a spreadsheet tiendo reads: save it as .xlsx (Excel) or .csv (UTF-8)
import-no-spreadsheet = holds no spreadsheet (.xlsx, .xls, .ods or .csv)
import-not-written = the entry could not be written: { $why }
import-second-column = a second column `{ $column }`
import-second-column-help = keep one column of each name
import-unknown-column = unknown column, ignored
import-unknown-column-suggest = did you mean `{ $column }`? (see docs/import.md)
import-unknown-column-help = the columns are listed in docs/import.md
import-no-column = no column `{ $column }`
import-no-column-help = add a column headed `{ $column }`: { $en }
import-no-header = no header row naming the columns (none has `ma_nhiem_vu`)
import-no-header-help = start the sheet with the template's header row: `tiendo import --template` writes one; the columns are in docs/import.md
import-ambiguous = `{ $typed }` names more than one { $kind }: { $ids }
import-ambiguous-help = write the id of the one you mean; the sheet `{ $sheet }` of the Excel template (`tiendo import --template mau.xlsx`) lists them
import-unknown-name = unknown { $kind } `{ $typed }`: no { $kind } has this id or name
import-unknown-name-help = write its id or its name; the sheet `{ $sheet }` of the Excel template (`tiendo import --template mau.xlsx`) lists them
import-did-you-mean-named = did you mean `{ $id }` ({ $name })?
import-no-task = no task
import-no-task-help = write the task's id or name (see the task's page, or the sheet `nhiem_vu` of the Excel template)
import-no-locality = no commune or ward: every commune and ward reports on task `{ $task }` for itself
import-no-locality-help = write the commune's or ward's id or name in this column (the sheet `xa_phuong` of the Excel template lists them)
import-no-date = no date
import-no-date-help = write the report's date, e.g. 30/6/2026
import-date-help = write the date as 30/6/2026 or 2026-06-30
import-no-status = no status
import-unknown-status = unknown status `{ $text }`
import-status-help = write one of: đang thực hiện, hoàn thành, gặp vướng mắc, đã lên kế hoạch (or in_progress, done, blocked, planned)
import-percent-not-number = `{ $text }` is not a whole number
import-percent-help = write a whole number from 0 to 100, or leave the cell empty
import-percent-out-of-range = { $percent }% is not a share of the work
import-percent-range-help = write a whole number from 0 to 100 (60 or 60%), or leave the cell empty
import-not-yes-no = `{ $text }` is not yes or no
import-yes-no-help = write x for illustrative data, or leave the cell empty
import-done-without-evidence = `hoàn thành` (done) without the report's number or link
import-done-without-evidence-help = readers trust a status when they can see what backs it: fill `so_van_ban` or `lien_ket`
import-same-row = the same report as row { $row }; imported once
import-same-row-file = the same report as { $file }, row { $row }; imported once
import-check-says = { $message }: { $label }
import-correct-cell = correct the cell in the column `{ $column }` of this row
import-more-problems = and { $count } more problems, not shown
import-more-problems-help = fix the rows above (is this the right spreadsheet?), then import again
template-exists = already exists; remove it or choose another name
template-not-written = the workbook could not be written: { $why }
round-not-a-folder = is a file, not a folder
round-no-task = the site has no task every commune and ward carries out (`per_locality: true`): there is nothing to ask them
round-exists = already exists; nothing was written: choose an empty folder, or remove the old workbooks
round-site-errors = no workbooks written: { $summary }; fix the content first (`tiendo check`)
round-site-not-loaded = no workbooks written: the site did not load
round-done = wrote { $count } workbooks for { $period } into { $dir }: send each commune/ward its own; import the returned ones with `tiendo import { $dir }`

## Reading spreadsheets

sheet-csv-not-utf8 = line { $line } is not UTF-8 text: save the file as "CSV UTF-8" (Excel: File → Save As → CSV UTF-8)
sheet-unreadable = not a readable spreadsheet ({ $why }); save it again from Excel
sheet-unzips-too-big = unpacks to more than { $max } MB, more than a sheet of reports can hold; split it into smaller files
sheet-too-many-texts = declares { $count } different texts, more than the { $max } tiendo reads; save it again from Excel
sheet-damaged-part = a damaged part `{ $part }` ({ $why }); save it again from Excel
sheet-ods-too-many = { $what }: more than the { $max } cells tiendo reads from an .ods sheet; move the reports together, or save it as .xlsx
sheet-ods-rows-hold = its rows hold { $cells } cells
sheet-ods-span = a sheet's cells with a value span { $rows } rows and { $columns } columns
sheet-cell-too-long = holds more than { $max } characters, more than Excel allows in a cell
sheet-cell-problem = sheet { $sheet }, cell { $cell }: { $problem }
sheet-column-too-far = sheet { $sheet }, cell { $cell }: tiendo reads columns A to { $last } only; move the report's columns to the left
sheet-too-many-cells = more than { $max } cells with a value; split it into smaller files
mv-renamed-file = { $file }: renamed to { $to }
mv-dry-run = dry run: { $files } files would change; nothing was written
mv-done = renamed `{ $old }` to `{ $new }` in { $files } files
render-not-plain-path = not a plain relative path
period-not-a-period = `{ $text }` is not a month or a quarter: write 2026-11 (or 11/2026) or 2026-Q4
period-not-a-year = `{ $text }`: `{ $year }` is not a year; write 2026-11 or 2026-Q4
period-out-of-range = `{ $text }` is not a month or a quarter: months are 1–12 (2026-11), quarters Q1–Q4 (2026-Q4)

## The preview's forms

form-no-such-id = no { $kind } has the id `{ $id }`.
form-batch-file = `{ $file }` holds several entries (a batch); edit it in a text editor.
form-several-tasks = `{ $file }` reports on several tasks (`tasks:`); edit it in a text editor.
form-changed-since = `{ $file }` was changed since this form was opened: open the form again.
form-cannot-edit-in-place = `{ $file }` cannot be changed by the form without touching what the form does not show ({ $why }); edit it in a text editor.
inplace-front-matter-unreadable = its front matter does not parse
inplace-evidence-comments = its `evidence:` list has comments or `#` in it
inplace-attachments-not-list = its `attachments:` is not a list
inplace-other-lines = the change could not be made without touching other lines
inplace-several-lines = `{ $key }` is written over several lines
inplace-not-plain = `{ $key }` is not a plain value
inplace-not-readable = `{ $line }` cannot be read: { $why }
serve-wrong-host = tiendo serve answers only at http://127.0.0.1:{ $port }/
serve-editing-off = editing is off: the forms answer on 127.0.0.1 only, or with --edit-token
serve-other-origin = requests from other sites are refused
serve-too-many = too many connections to the preview; try again in a moment
form-site-unreadable = the site cannot be read: fix the errors the preview shows, then reload this page
http-incomplete = incomplete request
http-too-many-headers = too many headers
http-not-http = not an HTTP request
http-no-body = the preview takes no request bodies
http-no-length = send the form with a Content-Length
http-form-too-large = the form is too large: attach files of at most 10 MB
http-bad-length = bad Content-Length
http-form-too-slow = the form took too long to arrive
http-line-too-long = request line too long
http-head-too-large = request headers too large
http-too-slow = request took too long
http-get-only = GET only
form-not-multipart = send the form as multipart/form-data
form-unreadable = the form could not be read: { $why }
form-field-not-utf8 = the field `{ $field }` is not UTF-8 text
