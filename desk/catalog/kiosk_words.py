"""The kiosk's own words: home, the queue, sign-in, the idle warning, phone pages."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "take_number": {"zh": "取号", "en": "Take a number"},
    "take_number_hint": {"zh": "到服务台办理业务", "en": "For the service desk"},
    "choose_service": {"zh": "请选择业务", "en": "What do you need?"},
    "back": {"zh": "返回", "en": "Back"},
    "done": {"zh": "完成", "en": "Done"},
    "your_number": {"zh": "您的号码", "en": "Your number"},
    "waiting_now": {"zh": "{n} 人等候", "en": "{n} waiting"},
    "scan_to_follow": {"zh": "手机扫码查看进度", "en": "Scan to follow on your phone"},
    "ticket_printing": {"zh": "正在打印小票…", "en": "Printing your ticket…"},
    "ticket_printed": {"zh": "请取走小票", "en": "Please take your ticket"},
    "print_failed": {
        "zh": "打印机暂时无法使用，请拍下此屏幕",
        "en": "The printer is not working — please take a photo of this screen",
    },
    "no_printer": {
        "zh": "本机没有打印机，不会打印小票，请拍下此屏幕",
        "en": "This kiosk has no printer, so nothing will print — please take a photo of this screen",
    },
    "busy": {"zh": "系统繁忙，请再试一次", "en": "Something went wrong — please try again"},
    "ticket_title": {"zh": "排队号码", "en": "Queue ticket"},
    "ticket_unknown": {"zh": "找不到这个号码", "en": "We cannot find this ticket"},
    "idle_warning": {
        "zh": "您还在吗？{n} 秒后将回到首页并退出登录",
        "en": "Still there? In {n} seconds the kiosk goes back to the start and signs you out",
    },
    "idle_stay": {"zh": "我还在", "en": "I'm still here"},
    "status_past": {
        "zh": "这是 {day} 的号码，已经过期。如需办理，请重新取号",
        "en": "This number was for {day} and has expired. Please take a new number if you still need the desk",
    },
    "status_waiting": {"zh": "等候中", "en": "Waiting"},
    "status_called": {"zh": "请到 {counter} 号窗口", "en": "Please go to counter {counter}"},
    "status_called_no_counter": {"zh": "正在叫号，请到服务台", "en": "You are being called — please go to the desk"},
    "status_served": {"zh": "已办理", "en": "Served"},
    "status_no-show": {"zh": "已过号", "en": "Missed — please take a new number"},
    "status_cancelled": {"zh": "已取消", "en": "Cancelled"},
    "issued_at": {"zh": "取号时间 {time}", "en": "Taken at {time}"},
    "updates_live": {"zh": "本页自动刷新", "en": "This page updates by itself"},
    "desk_opens_today": {"zh": "服务台 {time} 开放，届时可取号", "en": "The desk opens at {time} — take a number then"},
    "desk_opens_tomorrow": {
        "zh": "服务台已下班，明天 {time} 开放",
        "en": "The desk is closed — it opens tomorrow at {time}",
    },
    "sign_in_tile": {"zh": "业主登录", "en": "Sign in"},
    "sign_in_hint": {"zh": "选择房号并输入密码", "en": "Your unit and PIN"},
    "choose_building": {"zh": "请选择楼号", "en": "Choose your building"},
    "building_n": {"zh": "{n} 号楼", "en": "Building {n}"},
    "no_units": {"zh": "还没有登记房屋，请到服务台", "en": "No units are registered yet — please ask at the desk"},
    "enter_room": {"zh": "{building} 号楼 · 请输入房号", "en": "Building {building} · enter your room"},
    "no_such_room": {"zh": "{building} 号楼没有 {room} 房间", "en": "There is no room {room} in building {building}"},
    "next": {"zh": "下一步", "en": "Next"},
    "enter_pin": {"zh": "{unit} · 请输入密码", "en": "{unit} · enter your PIN"},
    "sign_in": {"zh": "登录", "en": "Sign in"},
    # Also all a unit without a PIN is told: the kiosk never says which units have one.
    "pin_wrong": {
        "zh": "密码不对，还可以试 {n} 次。没有密码或忘了密码，请到服务台",
        "en": "Wrong PIN — {n} tries left. No PIN yet, or forgotten? Please ask at the desk",
    },
    "pin_locked": {
        "zh": "密码错误次数太多，此房号已锁定到 {time}，或请到服务台",
        "en": "Too many wrong PINs. This unit is locked until {time} — or ask at the desk",
    },
    "pin_throttled": {
        "zh": "这里输错密码的次数太多，请 {time} 后再试，或请到服务台",
        "en": "Too many wrong PINs here. Please try again after {time} — or ask at the desk",
    },
    "hello": {"zh": "您好，{name}（{unit}）", "en": "Hello, {name} ({unit})"},
    "sign_out": {"zh": "退出登录", "en": "Sign out"},
    # Asked before the services: regular is already chosen, so a regular ticket costs no extra tap.
    "choose_queue": {"zh": "请选择取号方式", "en": "Which queue?"},
    "queue_regular": {"zh": "普通取号", "en": "Regular"},
    "queue_regular_hint": {"zh": "按顺序叫号", "en": "Called in turn"},
    "queue_priority": {"zh": "优先服务", "en": "Priority"},
    "queue_priority_hint": {"zh": "老人、残障、孕妇", "en": "Elderly, disabled, pregnant"},
    "ticket_priority": {"zh": "优先", "en": "Priority"},
    # The top bar's aids, for the owner's task only
    "large_text": {"zh": "大字体", "en": "Large text"},
    "read_aloud": {"zh": "朗读", "en": "Read aloud"},
    # The on-screen keyboard
    "key_space": {"zh": "空格", "en": "Space"},
    "key_delete": {"zh": "删除", "en": "Delete"},
    # Not "完成": the kiosk's "Done" ends the errand, and this only puts the keys away.
    "key_hide": {"zh": "收起键盘", "en": "Hide keys"},
    "pinyin_hint": {"zh": "打拼音，再在这里点选汉字", "en": "Type pinyin, then tap the character here"},
    "show_keyboard": {"zh": "打开键盘", "en": "Show the keyboard"},
    # My requests: what the owner said and showed, and more photos from the phone
    "mine_words": {"zh": "您的描述：{words}", "en": "What you told us: {words}"},
    "mine_photos": {"zh": "照片", "en": "Photos"},
    "mine_add_photos": {"zh": "添加照片", "en": "Add photos"},
    "mine_scan_photos": {
        "zh": "用手机扫码，为 {number} 添加照片（还可加 {n} 张，10 分钟内有效，仅限本单）",
        "en": "Scan with your phone to add photos to {number} (up to {n} more; valid 10 minutes, this request only)",
    },
    "mine_photos_back": {"zh": "照片传好了", "en": "My photos are sent"},
    # The phone's photo picker
    "phone_choose_photos": {"zh": "选择或拍摄照片", "en": "Choose or take photos"},
    "phone_photos_sending": {"zh": "正在上传照片…", "en": "Sending the photos…"},
}
