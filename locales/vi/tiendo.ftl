# Thông báo của tiendo bằng tiếng Việt (Fluent: https://projectfluent.org/).
# Mỗi mã ở đây phải có trong locales/en/tiendo.ftl với cùng các giá trị { $... }
# (tests/messages.rs kiểm tra). Viết bằng lời của biên tập viên: tệp, dòng, cột,
# nhiệm vụ, xã/phường, cơ quan chủ trì; không dùng thuật ngữ YAML.

## Chung

summary = { $errors } lỗi, { $warnings } cảnh báo
severity-error = lỗi
severity-warning = cảnh báo
diagnostic-help = cách sửa: { $help }
diagnostic-in-file = tại { $location }
did-you-mean = có phải ý bạn là `{ $id }`?

## Loại nội dung (ghép vào các câu khác)

kind-goal = mục tiêu
kind-agency = cơ quan
kind-locality = xã/phường
kind-task = nhiệm vụ
kind-entry = báo cáo tiến độ
kind-practice = điển hình

## Kiểm tra nội dung (tiendo check, tiendo build)

unknown-id = không có { $kind } nào mang mã `{ $id }`
unknown-id-label = không { $kind } nào có mã này
unknown-id-help = hãy ghi mã của một { $kind } đã có
image-without-alt = có ảnh nhưng thiếu `image_alt`
image-without-alt-label = người đọc không nhìn thấy ảnh cần lời mô tả ảnh
image-without-alt-help = thêm dòng `image_alt:` với một câu nói ảnh chụp gì
bad-base-url = địa chỉ `{ $url }` { $why }
bad-base-url-help = ghi địa chỉ trang sẽ được đăng, ví dụ "https://tiendo.hungyen.gov.vn/" hoặc "https://may-chu/thu-muc/"
base-url-not-web = không phải địa chỉ web (bắt đầu bằng http:// hoặc https://)
base-url-no-host = thiếu tên máy chủ (hoặc tên máy chủ có ký tự không được phép)
base-url-double-slash = có `//` trong đường dẫn, trình duyệt sẽ hiểu là một máy chủ khác
base-url-bad-path = có `?`, `#`, `\` hoặc dấu cách trong đường dẫn
license-unknown = `{ $id }` không phải giấy phép tiendo biết
license-no-name = giấy phép thiếu tên (`name`)
license-bad-url = địa chỉ giấy phép `{ $url }` không phải địa chỉ http(s)
bad-license-help = ghi giấy phép của dữ liệu mở là một trong { $known }, hoặc `license: {"{"}name: "...", url: "https://..."{"}"}` cho giấy phép khác
page-size-zero = `page_size` phải từ 1 trở lên
page-size-zero-help = số báo cáo tiến độ trên mỗi trang danh sách; mặc định là 20
stale-after-zero = `stale_after_days` phải từ 1 trở lên
stale-after-zero-help = sau bao nhiêu ngày không có báo cáo thì nhiệm vụ đang thực hiện bị đánh dấu; mặc định là 90
placeholder = `{ $text }` là chữ mẫu cần thay
placeholder-label = tiendo init viết sẵn chỗ này để bạn điền
placeholder-help = ghi đúng như văn bản kế hoạch, bỏ phần chữ trong ngoặc; `tiendo build --strict` không đăng trang còn chữ mẫu
example-address = `{ $url }` là địa chỉ ví dụ
example-address-label = liên kết, bản tin và ảnh chia sẻ sẽ trỏ tới một trang không phải của bạn
example-address-help = ghi địa chỉ trang sẽ được đăng, ví dụ "https://tiendo.hungyen.gov.vn/" (hoặc chạy build với --base-url)
alias-not-address = `{ $alias }` không phải địa chỉ trang
alias-not-address-label = địa chỉ cũ của trang này, để chuyển hướng về đây
alias-not-address-help = ghi đường dẫn cũ, không kèm tên miền, chỉ dùng chữ không dấu, chữ số và dấu gạch ngang, ví dụ "/nhiem-vu/ten-cu/"
alias-twice = địa chỉ cũ `{ $alias }` được ghi hai lần
alias-twice-help = một địa chỉ cũ chỉ chuyển hướng được về một trang; hãy xóa một chỗ
removed-not-address = `{ $path }` không phải địa chỉ trang
removed-not-address-help = ghi đường dẫn cũ, không kèm tên miền, ví dụ "/dien-hinh/ten-cu/"
removed-and-alias = `{ $path }` vừa được ghi là đã gỡ vừa là địa chỉ cũ của một trang
removed-and-alias-help = một địa chỉ hoặc chuyển hướng (aliases:) hoặc báo trang đã gỡ (removed:); chỉ giữ một
removed-without-reason = địa chỉ đã gỡ cần ghi lý do
removed-without-reason-help = viết một câu nói vì sao trang bị gỡ; người đọc theo liên kết cũ sẽ thấy câu này
alias-taken = địa chỉ cũ `{ $alias }` đang là địa chỉ của một trang khác
alias-taken-help = địa chỉ cũ là địa chỉ không còn trang nào dùng; hãy xóa dòng này hoặc ghi đúng địa chỉ cũ của trang
text-too-deep = văn bản lồng nhau quá { $max } cấp
text-too-deep-label = trích dẫn (`>`), danh sách hoặc thẻ HTML lồng trong nhau
text-too-deep-help = viết lại với ít cấp lồng hơn: không văn bản thật nào lồng sâu như vậy
body-media-missing = `{ $url }` không có trong content/media/
body-media-missing-label = trang sẽ hiện ảnh hoặc liên kết hỏng ở đây
body-media-missing-suggest = có phải ý bạn là `{ $file }`? Hãy đặt tệp vào content/media/ với đúng tên này, hoặc sửa lại tên
body-media-missing-help = hãy đặt tệp vào content/media/ với đúng tên này, hoặc sửa lại tên (phân biệt chữ hoa, chữ thường)
body-no-page = cổng không có trang `{ $url }`
body-no-page-label = người đọc bấm vào liên kết này sẽ gặp trang “không tìm thấy”
body-no-page-help = chép địa chỉ của trang khi xem thử (tiendo serve), ví dụ /nhiem-vu/<mã nhiệm vụ>/
body-link-space = `{ $written }` không được đọc là liên kết vì tên tệp có dấu cách
body-link-space-label = trang sẽ hiện cả dấu ngoặc và tên tệp như chữ thường
body-link-space-help = đổi tên tệp cho không còn dấu cách (ví dụ dùng dấu gạch ngang), hoặc đặt địa chỉ giữa < và >: (<{ $written }>)
date-far = ngày { $date } cách xa thời gian của kế hoạch
date-window = dự kiến trong khoảng ngày { $start } đến ngày { $end }
date-far-help = kiểm tra lại năm; bản tin và lịch bỏ qua các ngày ngoài khoảng này
as-of-far = trạng thái tính đến ngày { $date }, cách xa thời gian của kế hoạch
as-of-far-help = kiểm tra lại năm của `as_of` (hoặc của `--as-of`); bản tin dừng ở cuối khoảng này
entry-without-task = báo cáo tiến độ chưa ghi nhiệm vụ
entry-without-task-help = ghi báo cáo này về nhiệm vụ nào: `task: <mã nhiệm vụ>` (hoặc `tasks: [a, b]`)
entry-without-locality = nhiệm vụ `{ $task }` do từng xã/phường thực hiện, nhưng báo cáo chưa ghi `locality`
entry-without-locality-label = mỗi xã, phường báo cáo riêng về nhiệm vụ này
entry-without-locality-help = thêm `locality: <mã xã/phường>` (xem content/localities.yaml)
condition-met-unconditional = có `condition_met` nhưng nhiệm vụ `{ $task }` không có thời hạn theo điều kiện
condition-met-unconditional-help = `condition_met: true` ghi nhận điều kiện của thời hạn `{"{"}after: ...{"}"}` đã đạt; ở đây hãy xóa dòng này
percent-out-of-range = tỷ lệ { $percent }% nằm ngoài khoảng 0 đến 100
percent-out-of-range-label = phần công việc đã làm, từ 0 đến 100
percent-out-of-range-help = ghi một số nguyên từ 0 đến 100, hoặc bỏ dòng `percent`
evidence-empty = minh chứng chưa có số văn bản, liên kết hay tệp
evidence-empty-help = ghi số văn bản đúng như trên văn bản (`ref: "123-BC/BTCTU"`), một `url:`, hoặc một `file:` trong media/
done-without-evidence = báo `done` (hoàn thành) nhưng chưa có minh chứng
done-without-evidence-label = người đọc tin trạng thái khi thấy được căn cứ
done-without-evidence-help = thêm `evidence:` với số và ngày của báo cáo (`- {"{"}ref: "123-BC/BTCTU", date: 2026-05-28{"}"}`) hoặc một liên kết
media-missing = thiếu tệp `{ $path }`
media-missing-label = không có tệp này trong content/
media-missing-help = đặt tệp vào content/media/ và ghi đường dẫn tính từ content/, ví dụ media/2026/bao-cao.pdf
id-too-long = mã { $kind } dài { $length } ký tự
id-too-long-label = tối đa { $max } ký tự: mã trở thành tên thư mục, và máy tính không nhận tên dài hơn
id-too-long-help = rút ngắn mã; địa chỉ cũ có thể giữ bằng `aliases:`
id-not-url = mã { $kind } `{ $id }` không dùng được trong địa chỉ web
id-not-url-label = mã trở thành địa chỉ trang web
id-not-url-help = chỉ dùng chữ thường a-z không dấu, chữ số và dấu gạch ngang, ví dụ `xa-an-thi`
id-duplicate = mã { $kind } `{ $id }` bị trùng
id-duplicate-item = đã dùng ở { $file } (mục thứ { $item })
id-duplicate-file = đã dùng ở { $file }
id-duplicate-from-name-help = mã lấy từ tên tệp: đổi tên một trong hai tệp, hoặc ghi `id:` trong phần đầu tệp
id-duplicate-help = mỗi mục cần một mã riêng
condition-repeats = thời hạn sẽ hiện là "{ $shown }", lặp lại "{ $pair }" hai lần
condition-repeats-label = trang, ảnh chia sẻ và dữ liệu mở đều đặt "{ $prefix }" trước điều kiện này
condition-repeats-fix = trang tự viết "{ $prefix }" trước điều kiện: hãy ghi `{"{"}after: "{ $rest }"{"}"}`; nguyên văn của kế hoạch có thể để ở `due_text`
condition-repeats-help = trang tự viết "{ $prefix }" trước điều kiện: ghi điều kiện một lần, không lặp lại "{ $pair }"
scheme-not-allowed = không được dùng liên kết `{ $scheme }:`
scheme-not-allowed-label = liên kết này sẽ chạy hoặc mở một thứ không phải trang web trong trình duyệt của người đọc
scheme-not-allowed-help = liên kết tới trang web (https://...), địa chỉ thư điện tử (mailto:...) hoặc tệp trong media/ (media/2026/bao-cao.pdf)
dated-after-as-of = { $what } ghi ngày { $date }, sau ngày tính trạng thái { $as_of }
dated-after-as-of-label = chưa hiện trên trang cho tới ngày đó
dated-after-pinned-help = cổng đang hiện kế hoạch tính đến ngày { $as_of }, theo dòng `as_of:` trong content/site.yaml: nếu ngày báo cáo đúng, hãy sửa `as_of` (hoặc xóa dòng đó để hiện tình hình hôm nay)
dated-after-help = kiểm tra lại ngày; báo cáo chỉ được tính từ ngày ghi trên đó
kind-plan = kế hoạch
kind-site-config = tệp cấu hình site.yaml

## Đọc tệp (tiendo check, tiendo build)

file-links-outside = tệp này là lối tắt tới `{ $target }`, nằm ngoài thư mục trang: tiendo chỉ đọc các tệp bên trong thư mục trang
file-links-outside-help = hãy chép tệp vào thư mục trang thay vì dùng lối tắt
file-unreadable = không đọc được tệp: { $why }
file-unreadable-help = kiểm tra tệp có tồn tại và có quyền đọc không
file-not-utf8 = tệp không được lưu ở dạng UTF-8
file-not-utf8-label = ký tự này không phải UTF-8
file-not-utf8-help = lưu lại tệp ở dạng UTF-8 (trong Notepad: File → Save As → Encoding: UTF-8); văn bản từ phần mềm cũ thường ở bảng mã TCVN3 hoặc Windows-1258
text-not-nfc = chữ ở đây được gõ theo kiểu tổ hợp (dấu tách rời chữ)
text-not-nfc-label = chữ cái và dấu thanh ở đây được lưu thành các ký tự riêng
text-not-nfc-help = gõ lại chữ này bằng Unikey với bảng mã Unicode dựng sẵn, hoặc chuyển cả tệp sang dạng NFC (ví dụ `uconv -x any-nfc`)
control-char = có ký tự điều khiển { $char } trong văn bản
control-char-label = ký tự vô hình này làm hỏng bản tin và có thể làm rối màn hình dòng lệnh
control-char-help = xóa ký tự này (thường lẫn vào khi dán chữ từ phần mềm khác); muốn xuống dòng thì nhấn Enter
folder-unreadable = không đọc được thư mục này: { $why }
folder-unreadable-help = cho tiendo quyền đọc thư mục (xem quyền truy cập), hoặc chuyển nó ra khỏi content/: cho tới lúc đó các tệp trong thư mục bị bỏ qua
front-matter-missing = tệp phải bắt đầu bằng phần đầu tệp: một dòng `---`, các trường, rồi một dòng `---` nữa
front-matter-not-closed = phần đầu tệp chưa được đóng: thêm một dòng `---` sau trường cuối cùng
front-matter-help = bắt đầu tệp bằng `---`, các trường (`title: ...`), rồi `---`; phần văn bản viết sau đó
list-expected = tệp này phải là danh sách các { $what }
list-expected-help = viết mỗi mục thành một dòng bắt đầu bằng `- `, ví dụ `- id: ...`
no-content-folder = không có thư mục `content/`
no-content-folder-help = chạy tiendo trong thư mục trang (thư mục có content/site.yaml), hoặc ghi đường dẫn tới thư mục đó; lệnh `tiendo init THƯ-MỤC` tạo một trang mới
missing-site-yaml = thiếu tệp `content/site.yaml`
missing-site-yaml-help = tạo tệp này, ít nhất có `title:` và `base_url:` (xem docs/content.vi.md)
missing-plan = thiếu tệp `content/plan.md`
missing-plan-help = tạo tệp này: phần đầu tệp có `id`, `title`, `issuer`, `signed_by`, `signer_title`, sau đó là toàn văn kế hoạch
missing-file = thiếu tệp `{ $file }`
missing-list-help = tạo tệp này: một danh sách các { $what } (xem docs/content.vi.md)
body-in-front-matter = có `body` trong phần đầu của tệp Markdown
body-in-front-matter-help = viết nội dung sau dòng `---` đóng phần đầu tệp; `body:` chỉ dùng cho báo cáo trong tệp .yaml gộp nhiều báo cáo
batch-entry-without-id = báo cáo trong tệp gộp chưa có `id`
batch-entry-without-id-label = mã của báo cáo trở thành địa chỉ trang của nó
batch-entry-without-id-help = thêm `id: { $id }` (mã nào cũng được, miễn không trùng, chữ thường, dấu gạch ngang)

## Lỗi cú pháp của tệp

yaml-colon = dòng này có dấu hai chấm ở giữa câu nên không đọc được
yaml-colon-help = câu có dấu hai chấm phải đặt trong ngoặc kép, ví dụ: title: "Kế hoạch: giai đoạn 1"; nếu câu không có dấu hai chấm, kiểm tra lề đầu dòng có thẳng với các dòng trên không
yaml-indent = lề đầu dòng không khớp với các dòng phía trên
yaml-indent-help = các trường của cùng một mục phải bắt đầu thẳng cột (cùng số dấu cách ở đầu dòng), các mục của danh sách (`- `) cũng vậy; nếu dòng trên có ngoặc kép chưa đóng, hãy đóng lại
yaml-tab = dòng này được thụt lề bằng phím Tab
yaml-tab-help = chỉ thụt lề bằng dấu cách: thay dấu Tab ở dòng này bằng dấu cách
yaml-duplicate-key = trường `{ $key }` được ghi hai lần trong cùng một mục
yaml-duplicate-key-help = trường này đã có ở phía trên: chỉ giữ một dòng
yaml-quote-open = dấu ngoặc kép chưa được đóng
yaml-quote-open-help = thêm dấu ngoặc kép ở cuối câu; nếu trong câu có ngoặc kép, dùng ngoặc đơn bao ngoài: 'Câu có "trích dẫn"'
yaml-escape = dấu `\` trong ngoặc kép bắt đầu một ký tự đặc biệt không có
yaml-escape-help = viết `\\` cho một dấu gạch chéo ngược, hoặc dùng ngoặc đơn '...' thay cho ngoặc kép
yaml-bracket-open = dấu ngoặc vuông `[` hoặc ngoặc nhọn `{"{"}` chưa được đóng
yaml-bracket-open-help = đóng ngoặc bằng `]` hoặc `{"}"}` và ngăn các giá trị bằng dấu phẩy; câu có dấu phẩy hoặc dấu hai chấm phải đặt trong ngoặc kép
yaml-special-start = giá trị bắt đầu bằng một ký tự đặc biệt (`@`, `` ` `` hoặc `%`)
yaml-special-start-help = đặt cả giá trị trong ngoặc kép: "..."
yaml-no-colon = dòng này không có dạng `tên trường: giá trị`
yaml-no-colon-help = mỗi dòng phải là `trường: giá trị`; câu dài muốn xuống dòng thì đặt cả câu trong ngoặc kép, hoặc thụt lề các dòng sau sâu hơn tên trường
yaml-alias = giá trị bắt đầu bằng `*` hoặc `&`, là ký hiệu đặc biệt
yaml-alias-help = đặt cả giá trị trong ngoặc kép: "*..."
yaml-other = tệp viết sai cấu trúc ở đây
yaml-other-help = kiểm tra lề đầu dòng, và đặt trong ngoặc kép giá trị có dấu `:` hoặc `#`
yaml-too-nested = tệp lồng hoặc lặp lại (`*tên`) quá nhiều, không nội dung thật nào như vậy
yaml-too-nested-help = viết các giá trị ra đầy đủ
yaml-too-deep = tệp lồng quá { $max } cấp danh sách hoặc nhóm trường
yaml-too-deep-brackets-help = không nội dung nào lồng sâu như vậy: kiểm tra các ngoặc `[` hoặc `{"{"}` chưa được đóng
yaml-too-deep-help = không nội dung nào lồng sâu như vậy: viết các giá trị ra phẳng
yaml-too-many = tệp có hơn { $max } giá trị
yaml-too-many-help = không tệp nội dung nào cần nhiều như vậy: hãy chia thành nhiều tệp
yaml-value-too-long = có giá trị dài hơn { $max } MB
yaml-value-too-long-help = không trường nào cần nhiều chữ như vậy: đặt văn bản dài vào content/media/ và liên kết tới nó
yaml-aliases-too-many = tệp tạo ra hơn { $max } giá trị khi mở các ký hiệu lặp lại (`*tên`)
yaml-aliases-too-many-help = ký hiệu `*tên` lặp lại giá trị viết ở chỗ khác: hãy viết các giá trị ra, hoặc dùng ít hơn

## Giá trị của trường

type-whole-number = một số nguyên
type-decimal-number = một số
type-bool = true hoặc false
type-list = một danh sách (`[a, b]` hoặc các dòng bắt đầu bằng `- `)
type-fields = các trường (`tên: giá trị`)
type-text = chữ
type-empty = để trống
type-date = một ngày
type-other = { $name }
unknown-field = không có trường `{ $field }`
unknown-field-label = { $what } không có trường này
unknown-field-help = các trường của { $what } là: { $fields }
missing-field = thiếu trường bắt buộc `{ $field }`
missing-field-label = { $what } cần có `{ $field }`
missing-field-help = thêm dòng `{ $field }: ...` (xem docs/content.vi.md)
unknown-value = `{ $field }` không nhận giá trị `{ $value }`
unknown-value-suggest = có phải ý bạn là `{ $value }`? (các giá trị được dùng: { $values })
unknown-value-help = dùng một trong các giá trị: { $values }
wrong-type = `{ $field }` không nhận giá trị này: đang là { $found } { $value }
wrong-type-label = cần { $expected }
wrong-type-text-help = ghi chữ ở đây; chữ trông giống số hoặc ngày thì đặt trong ngoặc kép: "5"
wrong-type-help = ghi { $expected } ở đây
invalid-value = `{ $field }` không nhận giá trị { $value }
invalid-value-help = cần { $expected }
field-problem = `{ $field }`: { $problem }

## Các bước tạo trang

bad-timezone = `{ $timezone }` không phải múi giờ
bad-timezone-help = ghi độ lệch so với giờ UTC, ví dụ "+07:00" cho Việt Nam
media-unpublishable = không đăng được `{ $file }`: đây là { $what }
media-unpublishable-label = trang web, mã chạy hoặc ảnh SVG trong media/ sẽ chạy dưới địa chỉ của cổng
media-unpublishable-help = đăng văn bản ở dạng PDF, ảnh ở dạng PNG, JPEG, GIF hoặc WebP, số liệu ở dạng .txt, .csv hoặc tệp văn phòng; biểu đồ SVG có thể xuất ra PNG
media-kind-misnamed = tệp { $kind } nhưng mang đuôi `.{ $ext }`
media-kind-no-extension = tệp không có đuôi
media-kind-extension = tệp đuôi `.{ $ext }`
media-kind-not-utf8 = tệp `.{ $ext }` không phải văn bản UTF-8
media-kind-markup = tệp `.{ $ext }` chứa mã HTML hoặc SVG
media-kind-unreadable = tệp không đọc được ({ $why })
robots-under-path = cổng đặt ở đường dẫn con { $prefix }: tệp robots.txt được tạo tại { $robots }, nhưng máy tìm kiếm chỉ đọc { $root }
robots-under-path-help = nhờ người quản trị tên miền thêm dòng `Sitemap: { $sitemap }` vào { $root } để máy tìm kiếm biết sơ đồ trang của cổng (xem docs/deploy.md); cổng vẫn hoạt động bình thường
as-of-earlier-than-published = thư mục kết quả đã công bố số liệu tính đến ngày { $before }; lần tạo này tính đến ngày { $as_of }, sớm hơn: các báo cáo, bản tin ghi ngày sau đó chưa được tạo
as-of-earlier-than-published-help = để xem cổng ở một ngày trước đó, tạo vào thư mục khác bằng -o
address-lost = địa chỉ đã công bố { $address } sẽ mất{ $with }: nội dung không còn tạo ra trang này
address-lost-with = {" "}(cùng { $list })
address-lost-help = nếu đã đổi mã (id) của mục này, thêm vào mục mới dòng `aliases: ["{ $address }"]` (lệnh `tiendo mv` tự làm việc này); nếu cố ý gỡ bỏ, thêm vào content/site.yaml `removed: [{"{"}path: "{ $address }", reason: "lý do"{"}"}]`, hoặc chạy build với --allow-removed { $address }
reserved-generated-folder = `{ $path }/` do chính lệnh build tạo ra
reserved-generated-file = `{ $path }` là tệp do lệnh build tạo ra
reserved-list = `{ $path }/` là trang danh sách mọi { $kind }
reserved-page = `{ $path }/` là trang của { $kind } `{ $id }`

## Xem thử (tiendo serve)

error-page-title = Nội dung có lỗi
error-page-reloads = Trang sẽ tự tải lại khi các tệp được sửa.
error-page-details = Chi tiết
error-page-help = Cách sửa: { $help }
error-page-render-failed = Không dựng được trang

## Dòng lệnh: check, build

check-passed = kiểm tra xong: { $summary } (trạng thái tính đến ngày { $as_of })
check-failed = kiểm tra thấy lỗi: { $summary } (trạng thái tính đến ngày { $as_of })
cli-bad-base-url = lỗi: --base-url `{ $url }` { $why }
    cách sửa: ghi địa chỉ trang sẽ được đăng, ví dụ --base-url https://tiendo.hungyen.gov.vn/ hoặc https://may-chu/thu-muc/
build-stage-time = { $stage }: { $seconds } giây
build-search-index = chỉ mục tìm kiếm: { $pages } trang trong { $seconds } giây
search-cache-unreadable = chỉ mục tìm kiếm: không đọc lại được một trang đã lưu trong thư mục `{ $dir }` (cách sửa: xóa thư mục `{ $dir }` trong thư mục trang rồi dựng lại; lần dựng đó làm lại mọi thứ từ đầu)
build-search-cache = ; lấy lại từ lần trước: { $pages } trang không đổi, { $reused } trên { $files } tệp nén
build-done = đã tạo { $files } tệp ({ $written } tệp ghi mới, { $kept } tệp không đổi) trong { $seconds } giây vào thư mục { $out } (trạng thái tính đến ngày { $as_of }{ $warnings })
build-done-warnings = ; { $summary }
build-rendered-part = chỉ dựng lại các trang mà thay đổi của bạn ảnh hưởng tới; phần còn lại của lần dựng trước được giữ nguyên
build-progress = đang tạo cổng: { $files } tệp
build-failed = không tạo được cổng: { $summary }; thư mục kết quả cũ được giữ nguyên

## Ngày, thời hạn, trạng thái

date-not-a-date = `{ $text }` không phải ngày: hãy viết ngày/tháng/năm như 30/6/2026 (hoặc 2026-06-30)
date-no-month = `{ $text }` không phải ngày có thật: không có tháng { $month }
date-no-day = `{ $text }` không phải ngày có thật: tháng { $month } năm { $year } chỉ có { $days } ngày
deadline-not-a-deadline = `{ $text }` không phải thời hạn: hãy viết 2026-05 (một tháng), 2026-Q3 (một quý), 2026-06-30 (một ngày), ongoing (thường xuyên), as_needed (khi có việc phát sinh), hoặc {"{"}after: "điều kiện"{"}"}
deadline-no-quarter = `{ $text }`: một năm chỉ có các quý Q1 đến Q4
deadline-two-digits = `{ $text }`: viết tháng bằng hai chữ số, ví dụ { $example }
deadline-no-month = `{ $text }`: không có tháng { $month }
deadline-unknown-field = thời hạn không có trường `{ $field }`: trường duy nhất là `after`, ví dụ {"{"}after: "sau khi có văn bản của Trung ương"{"}"}
deadline-no-condition = thời hạn theo điều kiện cần ghi điều kiện: {"{"}after: "điều kiện, như kế hoạch viết"{"}"}
status-unknown = `{ $text }` không phải trạng thái: { $hint }hãy viết đang thực hiện, hoàn thành, gặp vướng mắc hoặc đã lên kế hoạch (hoặc in_progress, done, blocked, planned)
status-suggest = có phải ý bạn là `{ $word }`?{" "}
stage-load = đọc và kiểm tra
stage-statuses = tính trạng thái
stage-render = dựng trang
stage-publish = công bố
stage-other = { $name }

## Ký tự không được dùng

char-nul = { $code } (NUL)
char-vertical-tab = { $code } (tab dọc)
char-form-feed = { $code } (sang trang)
char-escape = { $code } (ESC, mã điều khiển màn hình)
char-del = { $code } (DEL)
char-bidi = { $code } (ký tự đảo chiều chữ)
char-control = { $code } (ký tự điều khiển)

## Lỗi của tệp, thư mục, ổ đĩa

io-disk-full = ổ đĩa đã đầy ({ $detail }); hãy giải phóng bớt dung lượng rồi chạy lại
io-permission = không có quyền ghi hoặc đọc ({ $detail })
io-not-found = không tìm thấy ({ $detail })
io-exists = đã có sẵn ({ $detail })
io-read-only = ổ đĩa chỉ cho đọc ({ $detail })
io-other = { $detail }
file-io = `{ $path }`: { $why }

## Dòng lệnh: chung

cli-error = lỗi: { $message }
cli-not-a-folder = `{ $path }` không phải thư mục
cli-unknown-id = không có { $kind } nào mang mã `{ $id }`{ $hint }
cli-unknown-id-hint = ; có phải ý bạn là `{ $id }`?

## tiendo build: kết quả

build-content-errors = nội dung có lỗi: { $summary }
build-lost-addresses = { $count } địa chỉ đã công bố sẽ mất
build-failed-then = không tạo được cổng; { $then }
build-failed-plain = không tạo được cổng
aftermath-kept = thư mục kết quả cũ được giữ nguyên
aftermath-nothing-written = không ghi gì cả
output-not-ours = không thay thư mục `{ $path }`: thư mục này có nội dung và không do tiendo tạo (không có tệp { $marker }); hãy xóa nó hoặc chọn thư mục khác bằng -o
output-contains-content = thư mục kết quả `{ $path }` sẽ chứa cả nội dung của trang; hãy chọn thư mục bên ngoài bằng -o
output-not-a-folder = không ghi được cổng vào `{ $path }`: đây không phải thư mục (là một tệp, thiết bị hoặc lối tắt); hãy chọn một thư mục bằng -o
output-io = `{ $path }`: { $why }
output-swap = `{ $path }`: { $why }; bản cổng trước nằm ở `{ $aside }`
render-template = mẫu trang `{ $template }`: { $message }
render-theme = giao diện: { $path }: { $message }
render-write = không ghi được `{ $path }`: { $message }
render-collision = hai trang cùng muốn dùng địa chỉ `{ $path }`: hãy kiểm tra `aliases:` và các mã
render-other = { $message }
search-index = chỉ mục tìm kiếm: { $message }
published-unreadable = không đọc được `{ $file }`: { $why }
published-not-manifest = `{ $file }` không phải danh sách địa chỉ tiendo đã ghi ({ $why }); hãy dùng tệp { $manifest } hoặc sitemap.xml của trang đang chạy
published-neither = `{ $file }` không phải sơ đồ trang (XML) cũng không phải danh sách địa chỉ (JSON); hãy dùng sitemap.xml hoặc { $manifest } của trang đang chạy
published-other-site = `{ $file }` có địa chỉ `{ $url }`, không nằm dưới địa chỉ `{ $prefix }` của trang: đây có đúng là sơ đồ trang của cổng này không?
published-empty = `{ $file }` không có địa chỉ nào

## tiendo serve

serve-listening = đang xem thử { $site } tại { $url } (nhấn Ctrl-C để dừng)
serve-no-browser = lưu ý: không mở được trình duyệt ({ $why }); hãy tự mở { $url }
serve-after-change = {" "}sau khi sửa { $file }{ $more ->
        [0] {""}
       *[other] {" "}và { $more } tệp khác
    }
serve-built = đã tạo{ $what }: { $changed } tệp thay đổi, { $rendered } tệp được dựng trong { $ms } ms
serve-rebuilt = đã tạo lại{ $what }: { $changed } tệp thay đổi, { $rendered } tệp được dựng lại trong { $ms } ms (các trang vừa sửa xong sau { $first } ms)
serve-newer-change = có thay đổi mới hơn, các trang còn lại sẽ được dựng tiếp
serve-content-errors = nội dung có lỗi{ $what }: { $summary }; trình duyệt hiện các lỗi này cho tới khi được sửa
serve-render-failed = lỗi{ $what }: { $message }; trình duyệt hiện lỗi này cho tới khi được sửa
serve-watch-warning = cảnh báo: theo dõi thay đổi: { $why }
serve-no-ctrlc = cảnh báo: Ctrl-C sẽ không dừng máy chủ đúng cách: { $why }
serve-stopped = đã dừng
serve-bind = không mở được địa chỉ { $address }: { $why } (chọn cổng khác bằng --port)
serve-watch = không theo dõi được thay đổi của `{ $path }`: { $why }

## tiendo new, tiendo init, tiendo mv

new-needs-locality = mỗi xã, phường báo cáo riêng về nhiệm vụ `{ $task }`: hãy ghi xã/phường nào bằng --locality MÃ (xem content/localities.yaml)
new-no-agencies = trang chưa có cơ quan nào: hãy thêm vào content/agencies.yaml
scaffold-site-unreadable = không đọc được trang: { $summary }
scaffold-exists = `{ $path }` đã có sẵn; hãy chọn thư mục khác
scaffold-invalid = tệp mới sẽ không hợp lệ: { $summary }
init-done = đã tạo trang mới trong { $dir }: điền thay những chỗ ghi (sửa lại), (sửa tên) và địa chỉ base_url trong content/site.yaml; `tiendo check` liệt kê các chỗ còn thiếu; rồi xem trước bằng `tiendo serve { $dir }`
mv-bad-id = `{ $id }` không dùng được làm mã: chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang (ví dụ `so-noi-vu-danh-gia`)
mv-taken = đã có { $kind } mang mã `{ $id }`; hãy chọn mã khác
mv-site-errors = trang đang có lỗi: { $summary }; hãy sửa trước (`tiendo check`)
mv-would-break = sau khi đổi mã trang sẽ có lỗi: { $summary }; không ghi gì cả

## tiendo report

report-bad-extension = `{ $path }`: hãy đặt tên báo cáo có đuôi .xlsx (Excel), .csv, .json hoặc .txt
report-failed = không lập được báo cáo: { $summary }; hãy sửa nội dung trước (`tiendo check`)
report-unknown-agency = không có cơ quan nào mang mã `{ $id }` ({ $hint })
report-unknown-agency-suggest = có phải ý bạn là `{ $id }`?
report-unknown-agency-help = xem content/agencies.yaml
report-not-made = không lập được báo cáo: { $why }
report-not-written = không ghi được `{ $path }`: { $why }{ $excel }
report-open-in-excel = {" "}(tệp có đang mở trong Excel không? hãy đóng lại rồi chạy lệnh lần nữa)

## tiendo import

import-no-file = hãy ghi tên bảng tính cần nhập (hoặc --template để tạo bảng mẫu trống)
import-site-errors = không đọc được trang: { $summary }
import-rows-failed = bảng tính có { $errors } lỗi; không ghi gì cả
import-file-failed = `{ $path }`: { $why }; không ghi gì cả
import-interrupted = đã dừng giữa chừng; không ghi gì cả
import-failed = không nhập được: { $errors } lỗi trong { $file }; không ghi gì cả
import-already = { $at }: đã nhập trước đây, mã `{ $id }`
import-would-write = sẽ ghi { $path }
import-wrote = đã ghi { $path }
import-would-import = sẽ nhập { $count } báo cáo từ { $file } ({ $already } báo cáo đã có){ $blank ->
        [0] {""}
       *[other] ; { $blank } nhiệm vụ chưa có báo cáo
    }
import-imported = đã nhập { $count } báo cáo từ { $file } ({ $already } báo cáo đã có){ $blank ->
        [0] {""}
       *[other] ; { $blank } nhiệm vụ chưa có báo cáo
    }
import-at-sheet = trang tính "{ $sheet }"
import-at-row = dòng { $row }
import-at-column = cột { $letter } ({ $name })
import-not-spreadsheet = tiendo không đọc được loại tệp này: hãy lưu thành .xlsx (Excel) hoặc .csv (UTF-8)
import-no-spreadsheet = không có bảng tính nào (.xlsx, .xls, .ods hoặc .csv)
import-not-written = không ghi được báo cáo: { $why }
import-second-column = có cột `{ $column }` thứ hai
import-second-column-help = mỗi tên cột chỉ giữ một cột
import-unknown-column = cột không rõ, được bỏ qua
import-unknown-column-suggest = có phải ý bạn là `{ $column }`? (xem docs/import.md)
import-unknown-column-help = danh sách các cột có trong docs/import.md
import-no-column = thiếu cột `{ $column }`
import-no-column-help = thêm một cột có tiêu đề `{ $column }`: { $vi }
import-no-header = không có dòng tiêu đề ghi tên các cột (không dòng nào có `ma_nhiem_vu`)
import-no-header-help = bắt đầu trang tính bằng dòng tiêu đề của bảng mẫu: lệnh `tiendo import --template` tạo bảng mẫu; các cột được mô tả trong docs/import.md
import-ambiguous = `{ $typed }` trùng với nhiều { $kind }: { $ids }
import-ambiguous-help = ghi mã của mục bạn muốn; trang tính `{ $sheet }` của bảng mẫu Excel (`tiendo import --template mau.xlsx`) liệt kê các mã
import-unknown-name = không có { $kind } nào có mã hoặc tên `{ $typed }`
import-unknown-name-help = ghi mã hoặc tên; trang tính `{ $sheet }` của bảng mẫu Excel (`tiendo import --template mau.xlsx`) liệt kê các mã
import-did-you-mean-named = có phải ý bạn là `{ $id }` ({ $name })?
import-no-task = chưa ghi nhiệm vụ
import-no-task-help = ghi mã hoặc tên nhiệm vụ (xem trang của nhiệm vụ, hoặc trang tính `nhiem_vu` của bảng mẫu Excel)
import-no-locality = chưa ghi xã/phường: mỗi xã, phường tự báo cáo về nhiệm vụ `{ $task }`
import-no-locality-help = ghi mã hoặc tên xã, phường vào cột này (trang tính `xa_phuong` của bảng mẫu Excel liệt kê)
import-no-date = chưa ghi ngày
import-no-date-help = ghi ngày báo cáo, ví dụ 30/6/2026
import-date-help = ghi ngày theo dạng 30/6/2026 hoặc 2026-06-30
import-no-status = chưa ghi tình hình
import-unknown-status = `{ $text }` không phải tình hình thực hiện
import-status-help = ghi một trong: đang thực hiện, hoàn thành, gặp vướng mắc, đã lên kế hoạch (hoặc in_progress, done, blocked, planned)
import-percent-not-number = `{ $text }` không phải số nguyên
import-percent-help = ghi một số nguyên từ 0 đến 100, hoặc để trống ô
import-percent-out-of-range = { $percent }% không phải phần công việc đã làm
import-percent-range-help = ghi một số nguyên từ 0 đến 100 (60 hoặc 60%), hoặc để trống ô
import-not-yes-no = `{ $text }` không phải có hay không
import-yes-no-help = ghi x nếu là dữ liệu minh họa, hoặc để trống ô
import-done-without-evidence = báo `hoàn thành` nhưng chưa có số hay liên kết của văn bản báo cáo
import-done-without-evidence-help = người đọc tin trạng thái khi thấy được căn cứ: hãy điền cột `so_van_ban` hoặc `lien_ket`
import-same-row = trùng với báo cáo ở dòng { $row }; chỉ nhập một lần
import-same-row-file = trùng với báo cáo ở { $file }, dòng { $row }; chỉ nhập một lần
import-check-says = { $message }: { $label }
import-correct-cell = sửa ô ở cột `{ $column }` của dòng này
import-more-problems = và { $count } lỗi khác không hiện ra
import-more-problems-help = sửa các dòng ở trên (có đúng bảng tính không?), rồi nhập lại
template-exists = đã có sẵn; hãy xóa đi hoặc chọn tên khác
template-not-written = không ghi được bảng tính: { $why }
round-not-a-folder = đây là một tệp, không phải thư mục
round-no-task = trang không có nhiệm vụ nào do từng xã, phường thực hiện (`per_locality: true`): không có gì để hỏi
round-exists = đã có sẵn; không ghi gì cả: hãy chọn một thư mục trống, hoặc xóa các bảng tính cũ
round-site-errors = không tạo bảng tính nào: { $summary }; hãy sửa nội dung trước (`tiendo check`)
round-site-not-loaded = không tạo bảng tính nào: không đọc được trang
round-done = đã tạo { $count } bảng tính cho { $period } trong { $dir }: gửi mỗi xã, phường bảng tính của mình; nhận lại thì nhập bằng `tiendo import { $dir }`

## Đọc bảng tính

sheet-csv-not-utf8 = dòng { $line } không phải văn bản UTF-8: hãy lưu tệp dạng "CSV UTF-8" (Excel: File → Save As → CSV UTF-8)
sheet-unreadable = bảng tính không đọc được ({ $why }); hãy mở bằng Excel và lưu lại
sheet-unzips-too-big = bảng tính khi giải nén lớn hơn { $max } MB, nhiều hơn một bảng báo cáo có thể có; hãy chia thành các tệp nhỏ hơn
sheet-too-many-texts = bảng tính khai báo { $count } đoạn chữ khác nhau, nhiều hơn { $max } đoạn tiendo đọc; hãy mở bằng Excel và lưu lại
sheet-damaged-part = phần `{ $part }` của bảng tính bị hỏng ({ $why }); hãy mở bằng Excel và lưu lại
sheet-ods-too-many = { $what }: nhiều hơn { $max } ô tiendo đọc từ một trang tính .ods; hãy dồn các báo cáo lại gần nhau, hoặc lưu thành .xlsx
sheet-ods-rows-hold = các dòng có { $cells } ô
sheet-ods-span = các ô có giá trị trải trên { $rows } dòng và { $columns } cột
sheet-cell-too-long = ô có hơn { $max } ký tự, nhiều hơn Excel cho phép
sheet-cell-problem = trang tính { $sheet }, ô { $cell }: { $problem }
sheet-column-too-far = trang tính { $sheet }, ô { $cell }: tiendo chỉ đọc các cột từ A đến { $last }; hãy chuyển các cột của báo cáo sang trái
sheet-too-many-cells = có hơn { $max } ô có giá trị; hãy chia thành các tệp nhỏ hơn
mv-renamed-file = { $file }: đổi tên thành { $to }
mv-dry-run = chạy thử: { $files } tệp sẽ thay đổi; không ghi gì cả
mv-done = đã đổi `{ $old }` thành `{ $new }` trong { $files } tệp
render-not-plain-path = không phải đường dẫn tương đối thông thường
period-not-a-period = `{ $text }` không phải tháng hay quý: hãy viết 2026-11 (hoặc 11/2026) hay 2026-Q4
period-not-a-year = `{ $text }`: `{ $year }` không phải năm; hãy viết 2026-11 hay 2026-Q4
period-out-of-range = `{ $text }` không phải tháng hay quý: tháng từ 1 đến 12 (2026-11), quý từ Q1 đến Q4 (2026-Q4)

## Biểu mẫu khi xem thử

form-no-such-id = không có { $kind } nào mang mã `{ $id }`.
form-batch-file = `{ $file }` chứa nhiều báo cáo (tệp gộp); hãy sửa bằng trình soạn thảo văn bản.
form-several-tasks = `{ $file }` báo cáo về nhiều nhiệm vụ (`tasks:`); hãy sửa bằng trình soạn thảo văn bản.
form-changed-since = `{ $file }` đã được sửa từ khi mở biểu mẫu này: hãy mở lại biểu mẫu.
form-cannot-edit-in-place = biểu mẫu không sửa được `{ $file }` mà không động tới những phần biểu mẫu không hiện ({ $why }); hãy sửa bằng trình soạn thảo văn bản.
inplace-front-matter-unreadable = phần đầu tệp không đọc được
inplace-evidence-comments = danh sách `evidence:` có ghi chú hoặc dấu `#`
inplace-attachments-not-list = `attachments:` không phải danh sách
inplace-other-lines = không sửa được mà không động tới các dòng khác
inplace-several-lines = `{ $key }` được viết trên nhiều dòng
inplace-not-plain = `{ $key }` không phải một giá trị đơn
inplace-not-readable = `{ $line }` không đọc được: { $why }
serve-wrong-host = tiendo serve chỉ trả lời tại http://127.0.0.1:{ $port }/
serve-editing-off = biểu mẫu đang tắt: biểu mẫu chỉ trả lời trên 127.0.0.1, hoặc khi chạy với --edit-token
serve-other-origin = không nhận yêu cầu gửi từ trang khác
serve-too-many = máy xem trước đang có quá nhiều kết nối; hãy thử lại sau giây lát
form-site-unreadable = không đọc được trang: hãy sửa các lỗi trang xem thử đang hiện, rồi tải lại trang này
http-incomplete = yêu cầu chưa trọn vẹn
http-too-many-headers = yêu cầu có quá nhiều dòng đầu
http-not-http = không phải yêu cầu HTTP
http-no-body = trang xem thử không nhận nội dung gửi kèm yêu cầu
http-no-length = hãy gửi biểu mẫu kèm Content-Length
http-form-too-large = biểu mẫu quá lớn: chỉ đính kèm tệp tối đa 10 MB
http-bad-length = Content-Length không hợp lệ
http-form-too-slow = biểu mẫu gửi tới quá lâu
http-line-too-long = dòng yêu cầu quá dài
http-head-too-large = phần đầu yêu cầu quá lớn
http-too-slow = yêu cầu gửi tới quá lâu
http-get-only = chỉ nhận GET
form-not-multipart = hãy gửi biểu mẫu dạng multipart/form-data
form-unreadable = không đọc được biểu mẫu: { $why }
form-field-not-utf8 = trường `{ $field }` không phải văn bản UTF-8
