"""Fixed Vietnamese vocabulary for the benchmark corpus.

The corpus must look like Vietnamese news (diacritics, multi-syllable words)
so that digest's text handling (Unicode folding, whole-word matching, slugs)
does realistic work, yet it must be reproducible byte for byte, so every word
comes from the fixed lists below rather than from real articles.
"""

from __future__ import annotations

# (id, title, phrases): the 50 topics written to content/topics/topics.yaml.
# Phrases are what the `any:` rule matches; articles sprinkle them in.
TOPICS: list[tuple[str, str, list[str]]] = [
    ("kinh-te", "Kinh tế", ["kinh tế", "lạm phát", "tăng trưởng GDP"]),
    ("chung-khoan", "Chứng khoán", ["chứng khoán", "cổ phiếu", "sàn giao dịch"]),
    ("ngan-hang", "Ngân hàng", ["ngân hàng", "lãi suất", "tín dụng"]),
    ("bat-dong-san", "Bất động sản", ["bất động sản", "nhà ở xã hội", "giá đất"]),
    ("giao-duc", "Giáo dục", ["giáo dục", "học sinh", "kỳ thi tốt nghiệp"]),
    ("y-te", "Y tế", ["y tế", "bệnh viện", "bác sĩ"]),
    ("the-thao", "Thể thao", ["thể thao", "vận động viên", "huy chương"]),
    ("bong-da", "Bóng đá", ["bóng đá", "đội tuyển", "cầu thủ"]),
    ("cong-nghe", "Công nghệ", ["công nghệ", "phần mềm", "điện thoại thông minh"]),
    ("tri-tue-nhan-tao", "Trí tuệ nhân tạo", ["trí tuệ nhân tạo", "học máy", "mô hình ngôn ngữ"]),
    ("moi-truong", "Môi trường", ["môi trường", "ô nhiễm", "rác thải"]),
    ("bien-doi-khi-hau", "Biến đổi khí hậu", ["biến đổi khí hậu", "nước biển dâng", "phát thải"]),
    ("thoi-tiet", "Thời tiết", ["thời tiết", "mưa lớn", "nắng nóng"]),
    ("giao-thong", "Giao thông", ["giao thông", "ùn tắc", "tai nạn giao thông"]),
    ("du-lich", "Du lịch", ["du lịch", "du khách", "khách sạn"]),
    ("van-hoa", "Văn hóa", ["văn hóa", "lễ hội", "di sản"]),
    ("am-nhac", "Âm nhạc", ["âm nhạc", "ca sĩ", "buổi hòa nhạc"]),
    ("dien-anh", "Điện ảnh", ["điện ảnh", "bộ phim", "đạo diễn"]),
    ("thoi-trang", "Thời trang", ["thời trang", "người mẫu", "bộ sưu tập"]),
    ("am-thuc", "Ẩm thực", ["ẩm thực", "món ăn", "đầu bếp"]),
    ("nong-nghiep", "Nông nghiệp", ["nông nghiệp", "nông dân", "lúa gạo"]),
    ("thuy-san", "Thủy sản", ["thủy sản", "tôm cá", "ngư dân"]),
    ("nang-luong", "Năng lượng", ["năng lượng", "điện mặt trời", "xăng dầu"]),
    ("xuat-nhap-khau", "Xuất nhập khẩu", ["xuất khẩu", "nhập khẩu", "hải quan"]),
    ("doanh-nghiep", "Doanh nghiệp", ["doanh nghiệp", "khởi nghiệp", "nhà đầu tư"]),
    ("viec-lam", "Lao động - Việc làm", ["việc làm", "người lao động", "tiền lương"]),
    ("phap-luat", "Pháp luật", ["pháp luật", "tòa án", "luật sư"]),
    ("an-ninh", "An ninh trật tự", ["công an", "điều tra", "tội phạm"]),
    ("quoc-phong", "Quốc phòng", ["quốc phòng", "quân đội", "tàu chiến"]),
    ("ngoai-giao", "Ngoại giao", ["ngoại giao", "đại sứ", "hội đàm"]),
    ("chau-a", "Châu Á", ["châu Á", "Đông Nam Á", "ASEAN"]),
    ("chau-au", "Châu Âu", ["châu Âu", "Liên minh châu Âu", "Brussels"]),
    ("chau-my", "Châu Mỹ", ["châu Mỹ", "Washington", "Mỹ Latinh"]),
    ("trung-dong", "Trung Đông", ["Trung Đông", "vùng Vịnh", "dầu mỏ"]),
    ("chau-phi", "Châu Phi", ["châu Phi", "Nam Phi", "sa mạc Sahara"]),
    ("khoa-hoc", "Khoa học", ["khoa học", "nhà khoa học", "phòng thí nghiệm"]),
    ("vu-tru", "Vũ trụ", ["vũ trụ", "tên lửa", "vệ tinh"]),
    ("suc-khoe", "Sức khỏe", ["sức khỏe", "dinh dưỡng", "tập luyện"]),
    ("gia-dinh", "Gia đình", ["gia đình", "trẻ em", "cha mẹ"]),
    ("xa-hoi", "Xã hội", ["xã hội", "người dân", "cộng đồng"]),
    ("do-thi", "Đô thị", ["đô thị", "quy hoạch", "chung cư"]),
    ("nong-thon", "Nông thôn", ["nông thôn", "làng quê", "nông thôn mới"]),
    ("xe-co", "Xe cộ", ["ô tô", "xe máy", "xe điện"]),
    ("hang-khong", "Hàng không", ["hàng không", "sân bay", "chuyến bay"]),
    ("duong-sat", "Đường sắt", ["đường sắt", "tàu hỏa", "đường sắt cao tốc"]),
    ("bao-chi", "Báo chí", ["báo chí", "phóng viên", "truyền thông"]),
    ("sach", "Sách", ["cuốn sách", "nhà văn", "xuất bản"]),
    ("ton-giao", "Tôn giáo", ["tôn giáo", "ngôi chùa", "nhà thờ"]),
    ("thien-tai", "Thiên tai", ["thiên tai", "bão lũ", "động đất"]),
    ("chinh-sach", "Chính sách", ["chính sách", "nghị định", "Quốc hội"]),
]

_FILLER_TEXT = """
hôm nay|ngày mai|tuần trước|năm nay|theo|cho biết|khẳng định|cho rằng|trong khi
tuy nhiên|bên cạnh đó|ngoài ra|đồng thời|hiện nay|nhiều|một số|các|những|người
chúng tôi|họ|ông|bà|anh|chị|đã|đang|sẽ|vẫn|cũng|rất|khá|hơn|nhất|được|bị|có
không|chưa|là|của|và|với|tại|trên|dưới|từ|đến|về|sau|trước|giữa|lớn|nhỏ|mới
quan trọng|cần thiết|tích cực|hiệu quả|bền vững|nhanh chóng|chậm|khó khăn
thuận lợi|kế hoạch|mục tiêu|kết quả|giải pháp|vấn đề|hoạt động|chương trình
dự án|lĩnh vực|khu vực|địa phương|thành phố|tỉnh|huyện|cơ quan|tổ chức|đơn vị
lãnh đạo|chuyên gia|đại diện|ý kiến|thông tin|số liệu|báo cáo|tình hình|xu hướng
cơ hội|thách thức|nguồn lực|đầu tư|phát triển|triển khai|thực hiện|tăng cường
nâng cao|cải thiện|hỗ trợ|thúc đẩy|đánh giá|ghi nhận|tiếp tục|bắt đầu|kết thúc
chuẩn bị|tham gia|chia sẻ|nhấn mạnh|đề xuất|yêu cầu|quyết định|thảo luận|trao đổi
hợp tác|phối hợp|gần đây|lâu dài|trong nước|quốc tế|toàn cầu|khoảng|hơn một nửa
hàng nghìn|hàng triệu|phần trăm|tỷ đồng|tháng|quý|giai đoạn|thời gian|buổi sáng
buổi chiều|buổi tối|cuối tuần|mùa hè|mùa đông|con đường|ngôi nhà|dòng sông
ngọn núi|cánh đồng|bờ biển|câu chuyện|niềm tin|trách nhiệm|sự kiện|hội nghị
cuộc họp|diễn đàn|chiến lược|tiềm năng|thế mạnh|hạn chế|rủi ro|an toàn|minh bạch
công khai|rõ ràng|cụ thể|chặt chẽ|đáng kể|liên tục|thường xuyên|ngay lập tức
dần dần|nhanh hơn|tốt hơn|mạnh mẽ|sâu rộng|toàn diện|đồng bộ|người trẻ
người cao tuổi|sinh viên|công nhân|kỹ sư|nhân viên|khách hàng|đối tác|lực lượng
thành viên|tập thể|bộ phận|nhà máy|công trình|sản phẩm|dịch vụ|hàng hóa|giá cả
chi phí|nguồn vốn|ngân sách|thu nhập|đời sống|tinh thần|vật chất|mỗi|mọi|cùng
riêng|chung|đầu tiên|cuối cùng|tiếp theo|hiện tại|tương lai|quá khứ|lịch sử
truyền thống|hiện đại|sáng tạo|đổi mới|chất lượng|số lượng|quy mô|mức độ|tốc độ
tỷ lệ|con số|kỷ lục|thành công|thất bại|nỗ lực|cố gắng|mong muốn|hy vọng|lo ngại
quan tâm|chú ý|theo dõi|kiểm tra|giám sát|xử lý|giải quyết|khắc phục|phòng ngừa
ứng phó|bảo vệ|duy trì|mở rộng|thu hẹp|điều chỉnh|sửa đổi|bổ sung|ban hành
áp dụng|vận hành|quản lý|điều hành|lựa chọn|cân nhắc|xem xét|phân tích|dự báo
ước tính|nhận định|tăng|giảm|ổn định|biến động|cao|thấp|mạnh|yếu|rộng|hẹp|xa
gần|sớm|muộn|đúng|sai|đẹp|tốt|xấu|nhanh|mọi người|bạn bè|hàng xóm|khách mời
ban tổ chức|hội đồng|ủy ban|bộ trưởng|thứ trưởng|giám đốc|chủ tịch|tổng thư ký
phát biểu|trả lời|phỏng vấn|công bố|thông báo|giới thiệu|khai mạc|bế mạc
"""

FILLER: list[str] = [w.strip() for w in _FILLER_TEXT.replace("\n", "|").split("|") if w.strip()]

# Names for bylines, author lines and photo credits in raw dumps.
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
GIVEN_NAMES = ["Minh Anh", "Thu Hà", "Quốc Bảo", "Thanh Tâm", "Hải Yến", "Đức Long", "Ngọc Lan",
               "Văn Hùng", "Khánh Linh", "Gia Huy", "Mai Phương", "Tuấn Kiệt", "Bảo Ngọc", "Hoài Nam"]
AGENCIES = ["AP", "Reuters", "AFP", "TTXVN", "Tân Hoa Xã", "Kyodo", "Yonhap", "BBC"]
NAV_LINES = ["Theo dõi chúng tôi trên mạng xã hội", "Trang chủ", "Thời sự", "Thế giới",
             "Liên hệ quảng cáo", "Về đầu trang", "Phiên bản di động", "Đăng nhập", "Bản quyền thuộc về tòa soạn"]
