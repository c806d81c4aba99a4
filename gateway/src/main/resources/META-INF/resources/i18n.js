// Both languages of the web app. Keys are flat; {name} placeholders are filled by t().
const en = {
  brand: 'COVID-19 vaccine notifier',
  'nav.label': 'Main', 'nav.vaccines': 'Vaccines', 'nav.mypage': 'My Page', 'nav.agent': 'Booking desk',
  'nav.admin': 'Vaccine stock', 'nav.worklist': 'Injection worklist',
  signin: 'Sign in', signout: 'Sign out', language: 'Language', signedInAs: 'Signed in as',
  loading: 'Loading…', name: 'Name', available: 'Available', stock: 'Stock', reserved: 'Reserved', waiting: 'Waiting',
  action: 'Action', status: 'Status', vaccine: 'Vaccine', customer: 'Customer', placeInLine: 'Place in line',
  updated: 'Updated', none: 'Nothing yet.', aVaccine: 'your vaccine',
  'vaccines.title': 'Vaccines', 'vaccines.intro': 'Doses available right now. The figures update by themselves.',
  'vaccines.signinToBook': 'Sign in as a customer to book.',
  book: 'Book', bookX: 'Book {v}',
  booked: 'Booked: a dose of {v} is reserved for you. Your booking is on My Page.',
  waitlisted: 'All doses of {v} are taken, so you are on the waitlist, number {n} in line.',
  bookedFor: 'Booked: a dose of {v} is reserved for {c}.',
  waitlistedFor: 'All doses of {v} are taken, so {c} is on the waitlist, number {n} in line.',
  waitlistHow: 'When a dose frees up (new stock, or someone cancels), the first in line gets it automatically, and you are notified on My Page and by email.',
  'mypage.title': 'My Page', 'mypage.bookings': 'My bookings', 'mypage.notifications': 'Notifications',
  'live.open': 'Live: changes appear here by themselves.', 'live.connecting': 'Connecting for live updates…',
  'live.closed': 'Live updates interrupted; reconnecting…',
  emails: 'Send me these notifications by email', cancel: 'Cancel', cancelX: 'Cancel booking for {v}',
  'confirm.title': 'Cancel this booking?', 'confirm.text': 'Your booking for {v} will be cancelled. A reserved dose goes to the next person in line.',
  'confirm.yes': 'Yes, cancel it', 'confirm.no': 'No, keep it', cancelled: 'The booking is cancelled.',
  'agent.title': 'Booking desk', 'agent.intro': 'Look up, book and cancel for a customer.',
  'agent.customer': 'Customer ID', lookup: 'Look up', 'agent.vaccine': 'Vaccine to book', 'agent.bookings': 'Bookings of {c}',
  'admin.title': 'Vaccine stock', 'admin.register': 'Register a vaccine', 'admin.name': 'Vaccine name',
  'admin.initialStock': 'Initial stock', register: 'Register', registered: '{v} is registered.',
  'admin.table': 'Stock, reservations and waitlists', addStock: 'Add stock', qtyFor: 'Doses to add to {v}',
  stockAdded: '{q} doses added to {v}.', 'admin.import': 'Import a shipment file',
  'admin.file': 'Shipment file (CSV: shipmentId,vaccineName,quantity)', upload: 'Upload',
  'admin.chooseFile': 'Choose a CSV file first.', applied: 'Applied', duplicates: 'Duplicates', rejected: 'Rejected lines',
  lineReason: 'Line {l}: {r}',
  'worklist.title': "Today's injections", 'worklist.intro': 'Confirmed bookings waiting for their injection.',
  complete: 'Mark done', completeX: 'Mark the injection of {c} done', completed: 'Injection of {c} marked done.',
  'guard.signin': 'Please sign in to see this page.', 'guard.role': 'This page is for another role.',
  'status.BOOKED': 'Booked', 'status.WAITING': 'Waiting', 'status.CANCELLED': 'Cancelled', 'status.INJECTED': 'Injected',
  'status.READY': 'Ready', 'status.PENDING': 'Pending',
  'kind.CONFIRMED': 'Your booking for {v} is confirmed.',
  'kind.PROMOTED': 'Good news: a dose of {v} freed up, and you moved from the waitlist to a confirmed booking.',
  'kind.WAITLISTED': 'No dose of {v} was left: you are on the waitlist.',
  'kind.CANCELLED': 'Your booking for {v} was cancelled.', 'kind.INJECTED': 'Your {v} injection is done.',
  busy: 'The system is busy right now. Trying again by itself in {s} s…',
  'p.already-booked': 'You already have an active booking. Cancel it first to book another one.',
  'p.already-injected': 'This booking was already injected; it can no longer be cancelled.',
  'p.booking-cancelled': 'This booking was cancelled, so its injection cannot be marked done.',
  'p.booking-in-progress': 'Your previous booking is still being processed. Please try again in a moment.',
  'p.customer-required': 'Enter the customer ID first.',
  'p.csrf': 'The page’s security token expired. Please reload the page and try again.',
  'p.database-busy': 'The system is busy right now. Please try again in a moment.',
  'p.event-not-applied': 'The event could not be applied yet.',
  'p.forbidden': 'You are not allowed to do this.',
  'p.idempotency-key-reused': 'This request was already used for something else. Please try again.',
  'p.import-too-large': 'The shipment file is too large.',
  'p.internal-error': 'Something went wrong on our side. Please try again later.',
  'p.invalid-csv': 'This is not a valid shipment file: a UTF-8 CSV with the header shipmentId,vaccineName,quantity.',
  'p.invalid-request': 'Please check what you entered:',
  'p.malformed-event': 'The event is malformed.',
  'p.not-found': 'Not found. It may have been removed.',
  'p.not-your-customer-id': 'You can book only for yourself.',
  'p.not-your-page': 'You can see only your own page.',
  'p.overloaded': 'Too many bookings at once. Trying again by itself shortly.',
  'p.request-in-progress': 'The same request is still being processed. Please wait a moment.',
  'p.reservation-mismatch': 'This booking reserved another vaccine.',
  'p.reservation-released': 'The reserved dose was already released.',
  'p.sold-out': 'No dose is left. Booking puts you on the waitlist: when a dose frees up, the first in line gets it automatically.',
  'p.stock-check-circuit-open': 'Stock checks are paused for a moment.',
  'p.service-unavailable': 'The service is busy or starting. Trying again by itself shortly.',
  'p.stock-check-unavailable': 'The stock check is not available right now.',
  'p.stock-limit': 'The stock cannot grow past 1,000,000,000 doses.',
  'p.unauthorized': 'Please sign in (again) to do this.',
  'p.vaccine-exists': 'A vaccine with this name already exists.',
  'p.unsupported': 'The request failed ({s}).',
};

const ko = {
  brand: '코로나 백신 접종 알리미',
  'nav.label': '주 메뉴', 'nav.vaccines': '백신', 'nav.mypage': '마이페이지', 'nav.agent': '예약 창구',
  'nav.admin': '백신 재고', 'nav.worklist': '접종 대상 목록',
  signin: '로그인', signout: '로그아웃', language: '언어', signedInAs: '로그인 사용자',
  loading: '불러오는 중…', name: '이름', available: '예약 가능', stock: '재고', reserved: '예약됨', waiting: '대기',
  action: '작업', status: '상태', vaccine: '백신', customer: '고객', placeInLine: '대기 순번',
  updated: '변경 시각', none: '아직 없습니다.', aVaccine: '백신',
  'vaccines.title': '백신', 'vaccines.intro': '지금 예약할 수 있는 백신 수량입니다. 숫자는 자동으로 갱신됩니다.',
  'vaccines.signinToBook': '예약하려면 고객 계정으로 로그인하세요.',
  book: '예약', bookX: '{v} 예약',
  booked: '예약 완료: {v} 백신 1회분이 확보되었습니다. 예약은 마이페이지에서 볼 수 있습니다.',
  waitlisted: '{v} 백신이 모두 예약되어 대기자 명단에 올랐습니다. 대기 순번은 {n}번입니다.',
  bookedFor: '예약 완료: {c} 님께 {v} 백신 1회분이 확보되었습니다.',
  waitlistedFor: '{v} 백신이 모두 예약되어 {c} 님이 대기자 명단에 올랐습니다. 대기 순번은 {n}번입니다.',
  waitlistHow: '백신이 생기면(재고 추가 또는 다른 분의 취소) 먼저 기다린 분부터 자동으로 예약되며, 마이페이지와 이메일로 알려 드립니다.',
  'mypage.title': '마이페이지', 'mypage.bookings': '내 예약', 'mypage.notifications': '알림',
  'live.open': '실시간: 변경 사항이 자동으로 표시됩니다.', 'live.connecting': '실시간 업데이트에 연결하는 중…',
  'live.closed': '실시간 업데이트가 끊겼습니다. 다시 연결하는 중…',
  emails: '이 알림을 이메일로도 받기', cancel: '취소', cancelX: '{v} 예약 취소',
  'confirm.title': '이 예약을 취소할까요?', 'confirm.text': '{v} 예약이 취소됩니다. 확보된 백신은 다음 대기자에게 넘어갑니다.',
  'confirm.yes': '예, 취소합니다', 'confirm.no': '아니요, 유지합니다', cancelled: '예약이 취소되었습니다.',
  'agent.title': '예약 창구', 'agent.intro': '고객을 대신해 예약을 조회하고, 예약하고, 취소합니다.',
  'agent.customer': '고객 ID', lookup: '조회', 'agent.vaccine': '예약할 백신', 'agent.bookings': '{c} 님의 예약',
  'admin.title': '백신 재고', 'admin.register': '백신 등록', 'admin.name': '백신 이름',
  'admin.initialStock': '초기 재고', register: '등록', registered: '{v} 백신을 등록했습니다.',
  'admin.table': '재고, 예약, 대기 현황', addStock: '재고 추가', qtyFor: '{v}에 추가할 수량',
  stockAdded: '{v}에 {q}회분을 추가했습니다.', 'admin.import': '출하 파일 가져오기',
  'admin.file': '출하 파일 (CSV: shipmentId,vaccineName,quantity)', upload: '올리기',
  'admin.chooseFile': '먼저 CSV 파일을 선택하세요.', applied: '반영', duplicates: '중복', rejected: '거부된 줄',
  lineReason: '{l}번째 줄: {r}',
  'worklist.title': '오늘의 접종', 'worklist.intro': '접종을 기다리는 확정된 예약입니다.',
  complete: '접종 완료', completeX: '{c} 님 접종 완료로 표시', completed: '{c} 님의 접종을 완료로 표시했습니다.',
  'guard.signin': '이 페이지를 보려면 로그인하세요.', 'guard.role': '다른 역할을 위한 페이지입니다.',
  'status.BOOKED': '예약 확정', 'status.WAITING': '대기 중', 'status.CANCELLED': '취소됨', 'status.INJECTED': '접종 완료',
  'status.READY': '접종 대기', 'status.PENDING': '처리 중',
  'kind.CONFIRMED': '{v} 접종 예약이 확정되었습니다.',
  'kind.PROMOTED': '좋은 소식입니다. {v} 백신이 생겨 대기에서 예약 확정으로 바뀌었습니다.',
  'kind.WAITLISTED': '{v} 백신이 남아 있지 않아 대기자 명단에 올랐습니다.',
  'kind.CANCELLED': '{v} 접종 예약이 취소되었습니다.', 'kind.INJECTED': '{v} 접종을 마쳤습니다.',
  busy: '지금은 시스템이 바쁩니다. {s}초 후 자동으로 다시 시도합니다…',
  'p.already-booked': '이미 진행 중인 예약이 있습니다. 다른 예약을 하려면 먼저 취소하세요.',
  'p.already-injected': '이미 접종을 마친 예약이라 취소할 수 없습니다.',
  'p.booking-cancelled': '취소된 예약이라 접종 완료로 표시할 수 없습니다.',
  'p.booking-in-progress': '이전 예약을 아직 처리하고 있습니다. 잠시 후 다시 시도하세요.',
  'p.customer-required': '먼저 고객 ID를 입력하세요.',
  'p.csrf': '페이지의 보안 토큰이 만료되었습니다. 페이지를 새로 고친 뒤 다시 시도하세요.',
  'p.database-busy': '지금은 시스템이 바쁩니다. 잠시 후 다시 시도하세요.',
  'p.event-not-applied': '이벤트를 아직 반영하지 못했습니다.',
  'p.forbidden': '이 작업을 할 권한이 없습니다.',
  'p.idempotency-key-reused': '이 요청은 이미 다른 작업에 쓰였습니다. 다시 시도하세요.',
  'p.import-too-large': '출하 파일이 너무 큽니다.',
  'p.internal-error': '서버에 문제가 생겼습니다. 잠시 후 다시 시도하세요.',
  'p.invalid-csv': '올바른 출하 파일이 아닙니다. 머리글이 shipmentId,vaccineName,quantity 인 UTF-8 CSV 파일이어야 합니다.',
  'p.invalid-request': '입력한 내용을 확인하세요:',
  'p.malformed-event': '이벤트 형식이 잘못되었습니다.',
  'p.not-found': '찾을 수 없습니다. 삭제되었을 수 있습니다.',
  'p.not-your-customer-id': '본인 예약만 할 수 있습니다.',
  'p.not-your-page': '본인의 페이지만 볼 수 있습니다.',
  'p.overloaded': '동시에 예약이 너무 많습니다. 잠시 후 자동으로 다시 시도합니다.',
  'p.request-in-progress': '같은 요청을 아직 처리하고 있습니다. 잠시 기다려 주세요.',
  'p.reservation-mismatch': '이 예약은 다른 백신을 확보했습니다.',
  'p.reservation-released': '확보된 백신이 이미 해제되었습니다.',
  'p.sold-out': '남은 백신이 없습니다. 예약하면 대기자 명단에 오르며, 백신이 생기면 먼저 기다린 분부터 자동으로 예약됩니다.',
  'p.stock-check-circuit-open': '재고 확인을 잠시 멈추었습니다.',
  'p.service-unavailable': '서비스가 바쁘거나 시작하는 중입니다. 잠시 후 자동으로 다시 시도합니다.',
  'p.stock-check-unavailable': '지금은 재고를 확인할 수 없습니다.',
  'p.stock-limit': '재고는 10억 회분을 넘을 수 없습니다.',
  'p.unauthorized': '이 작업을 하려면 (다시) 로그인하세요.',
  'p.vaccine-exists': '같은 이름의 백신이 이미 있습니다.',
  'p.unsupported': '요청이 실패했습니다 ({s}).',
};

const dictionaries = { en, ko };
const KEY = 'lang';

function initial() {
  const saved = localStorage.getItem(KEY);
  if (saved in dictionaries) return saved;
  for (const tag of navigator.languages || [navigator.language || 'en']) {
    const base = tag.toLowerCase().split('-')[0];
    if (base in dictionaries) return base;
  }
  return 'en';
}

let current = initial();

export const lang = () => current;
export const chosen = () => localStorage.getItem(KEY) in dictionaries;

export function setLang(value, remember = true) {
  if (!(value in dictionaries)) return;
  current = value;
  if (remember) localStorage.setItem(KEY, value);
  document.documentElement.lang = value;
}

export function t(key, values = {}) {
  const text = dictionaries[current][key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? '');
}

export const has = key => key in en;
