// Sample callback bodies in the shapes WeChat documents, shared by the protocol tests and the simulator.

const head = (type: string, createTime = 1348831860, from = "oFollower123") =>
  `<ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
  `<CreateTime>${createTime}</CreateTime><MsgType><![CDATA[${type}]]></MsgType>`;

export const inboundSamples = {
  text: `<xml>${head("text")}<Content><![CDATA[this is a test]]></Content><MsgId>1234567890123456789</MsgId></xml>`,
  menuText: `<xml>${head("text")}<Content><![CDATA[满意]]></Content><MsgId>22</MsgId><bizmsgmenuid>101</bizmsgmenuid></xml>`,
  image: `<xml>${head("image")}<PicUrl><![CDATA[http://mmbiz.qpic.cn/pic]]></PicUrl><MediaId><![CDATA[media_id_img]]></MediaId><MsgId>1234567890123456</MsgId></xml>`,
  voice: `<xml>${head("voice")}<MediaId><![CDATA[media_id_voice]]></MediaId><Format><![CDATA[amr]]></Format><MsgId>1234567890123457</MsgId></xml>`,
  voiceRecognized: `<xml>${head("voice")}<MediaId><![CDATA[media_id_voice]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[腾讯微信团队。]]></Recognition><MsgId>1234567890123458</MsgId></xml>`,
  video: `<xml>${head("video")}<MediaId><![CDATA[media_id_video]]></MediaId><ThumbMediaId><![CDATA[thumb_id]]></ThumbMediaId><MsgId>1234567890123459</MsgId></xml>`,
  shortvideo: `<xml>${head("shortvideo")}<MediaId><![CDATA[media_id_sv]]></MediaId><ThumbMediaId><![CDATA[thumb_sv]]></ThumbMediaId><MsgId>1234567890123460</MsgId></xml>`,
  location: `<xml>${head("location")}<Location_X>23.134521</Location_X><Location_Y>113.358803</Location_Y><Scale>20</Scale><Label><![CDATA[位置信息]]></Label><MsgId>1234567890123461</MsgId></xml>`,
  link: `<xml>${head("link")}<Title><![CDATA[公众平台官网链接]]></Title><Description><![CDATA[公众平台官网链接]]></Description><Url><![CDATA[https://mp.weixin.qq.com/s?a=1&b=2]]></Url><MsgId>1234567890123462</MsgId></xml>`,
  subscribe: `<xml>${head("event")}<Event><![CDATA[subscribe]]></Event></xml>`,
  subscribeScene: `<xml>${head("event")}<Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[qrscene_spring2026]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket></xml>`,
  unsubscribe: `<xml>${head("event")}<Event><![CDATA[unsubscribe]]></Event></xml>`,
  scan: `<xml>${head("event")}<Event><![CDATA[SCAN]]></Event><EventKey><![CDATA[spring2026]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket></xml>`,
  click: `<xml>${head("event")}<Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[MENU_PRICE]]></EventKey></xml>`,
  view: `<xml>${head("event")}<Event><![CDATA[VIEW]]></Event><EventKey><![CDATA[https://example.com/shop]]></EventKey><MenuId>208396938</MenuId></xml>`,
  locationEvent: `<xml>${head("event")}<Event><![CDATA[LOCATION]]></Event><Latitude>23.137466</Latitude><Longitude>113.352425</Longitude><Precision>119.385040</Precision></xml>`,
  scancodePush: `<xml>${head("event")}<Event><![CDATA[scancode_push]]></Event><EventKey><![CDATA[6]]></EventKey><ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType><ScanResult><![CDATA[1]]></ScanResult></ScanCodeInfo></xml>`,
  scancodeWaitmsg: `<xml>${head("event")}<Event><![CDATA[scancode_waitmsg]]></Event><EventKey><![CDATA[6]]></EventKey><ScanCodeInfo><ScanType><![CDATA[barcode]]></ScanType><ScanResult><![CDATA[EAN_13,6901234567892]]></ScanResult></ScanCodeInfo></xml>`,
  picSysphoto: `<xml>${head("event")}<Event><![CDATA[pic_sysphoto]]></Event><EventKey><![CDATA[6]]></EventKey><SendPicsInfo><Count>1</Count><PicList><item><PicMd5Sum><![CDATA[1b5f7c23b5bf75682a53e7b6d163e185]]></PicMd5Sum></item></PicList></SendPicsInfo></xml>`,
  picPhotoOrAlbum: `<xml>${head("event")}<Event><![CDATA[pic_photo_or_album]]></Event><EventKey><![CDATA[6]]></EventKey><SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum><![CDATA[aaa]]></PicMd5Sum></item><item><PicMd5Sum><![CDATA[bbb]]></PicMd5Sum></item></PicList></SendPicsInfo></xml>`,
  picWeixin: `<xml>${head("event")}<Event><![CDATA[pic_weixin]]></Event><EventKey><![CDATA[6]]></EventKey><SendPicsInfo><Count>1</Count><PicList><item><PicMd5Sum><![CDATA[ccc]]></PicMd5Sum></item></PicList></SendPicsInfo></xml>`,
  locationSelect: `<xml>${head("event")}<Event><![CDATA[location_select]]></Event><EventKey><![CDATA[6]]></EventKey><SendLocationInfo><Location_X><![CDATA[23]]></Location_X><Location_Y><![CDATA[113]]></Location_Y><Scale><![CDATA[15]]></Scale><Label><![CDATA[广州市海珠区]]></Label><Poiname><![CDATA[]]></Poiname></SendLocationInfo></xml>`,
  templateFinish: `<xml>${head("event")}<Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event><MsgID>200163836</MsgID><Status><![CDATA[failed:user block]]></Status></xml>`,
  kfCreateSession: `<xml>${head("event", 1399197672)}<Event><![CDATA[kf_create_session]]></Event><KfAccount><![CDATA[test1@test]]></KfAccount></xml>`,
  kfCloseSession: `<xml>${head("event", 1399197672)}<Event><![CDATA[kf_close_session]]></Event><KfAccount><![CDATA[test1@test]]></KfAccount></xml>`,
  kfSwitchSession: `<xml>${head("event", 1399197672)}<Event><![CDATA[kf_switch_session]]></Event><FromKfAccount><![CDATA[test1@test]]></FromKfAccount><ToKfAccount><![CDATA[test2@test]]></ToKfAccount></xml>`,
} as const;
