/**
 * The Code-node scripts of the signed-call baselines (bench/n8n/signedBaselines.ts): each signs
 * one item's call as a user would write it today, from /work/shared/vendors/*.md and sharing no
 * code with our credentials. They run in n8n's Code node, which must be allowed Node's crypto
 * module (NODE_FUNCTION_ALLOW_BUILTIN=crypto).
 */
import { DEMO_HUAWEI_ACCOUNT } from '../../test/sandbox/vendors/huawei';
import { DEMO_ACCOUNT as DEMO_TENCENT_ACCOUNT } from '../../test/sandbox/vendors/tencent';
import { DEMO_YIDUN_ACCOUNT } from '../../test/sandbox/vendors/yidun';

/**
 * Where the legacy API would post results. The sandbox is told to hold its callbacks past the
 * bench (perItem.bench.ts), so none competes with n8n for the CPU while a create is timed.
 */
export const TENCENT_CALLBACK_URL = 'https://example.com/asr-callback';
export const TENCENT3_CONTENT_TYPE = 'application/json; charset=utf-8';
export const HUAWEI_CATEGORIES = ['politics', 'porn', 'ad', 'moan', 'abuse'];
export const huaweiJobsPath = () => `/v3/${DEMO_HUAWEI_ACCOUNT.projectId}/moderation/audio/jobs`;

/** Host and path as the HTTP Request node sends them to the sandbox, for the signed strings. */
function hostAndPath(vendorUrl: string): { host: string; path: string } {
	const url = new URL(vendorUrl);
	return { host: url.host, path: url.pathname };
}

/** Yidun's MD5 signature over the sorted parameters, per item. */
export function yidunSigningCode(): string {
	return `const crypto = require('crypto');
const secretKey = ${JSON.stringify(DEMO_YIDUN_ACCOUNT.secretKey)};
return $input.all().map((item) => {
  const params = {
    version: 'v4',
    url: item.json.url,
    secretId: ${JSON.stringify(DEMO_YIDUN_ACCOUNT.secretId)},
    businessId: ${JSON.stringify(DEMO_YIDUN_ACCOUNT.businessIds[0])},
    timestamp: String(Date.now()),
    nonce: crypto.randomUUID().replace(/-/g, ''),
    signatureMethod: 'MD5',
  };
  const text = Object.keys(params).sort().map((key) => key + params[key]).join('') + secretKey;
  params.signature = crypto.createHash('md5').update(text, 'utf8').digest('hex');
  // The Code node has no URLSearchParams: the form body is encoded by hand.
  const form = Object.keys(params).map((key) => encodeURIComponent(key) + '=' + encodeURIComponent(params[key])).join('&');
  return { json: { form } };
});`;
}

/**
 * Tencent's legacy HMAC-SHA1 (base64) over POST, aai.qcloud.com (always that host), the path
 * and the sorted raw query; the URL sent carries the same pairs URL-encoded.
 */
export function tencentLegacySigningCode(vendorUrl: string): string {
	const { appId, secretId, secretKey } = DEMO_TENCENT_ACCOUNT;
	return `const crypto = require('crypto');
const appId = ${JSON.stringify(appId)};
const secretKey = ${JSON.stringify(secretKey)};
return $input.all().map((item) => {
  const timestamp = Math.floor(Date.now() / 1000);
  const params = {
    projectid: '0',
    sub_service_type: '0',
    engine_model_type: '16k_0',
    channel_num: '1',
    res_text_format: '0',
    res_type: '1',
    callback_url: ${JSON.stringify(TENCENT_CALLBACK_URL)},
    source_type: '0',
    url: item.json.url,
    secretid: ${JSON.stringify(secretId)},
    timestamp: String(timestamp),
    expired: String(timestamp + 3600),
    nonce: String(crypto.randomInt(1, 2 ** 31)),
  };
  const keys = Object.keys(params).sort();
  const signed = 'POSTaai.qcloud.com/asr/v1/' + appId + '?' + keys.map((key) => key + '=' + params[key]).join('&');
  const authorization = crypto.createHmac('sha1', secretKey).update(signed, 'utf8').digest('base64');
  const query = keys.map((key) => encodeURIComponent(key) + '=' + encodeURIComponent(params[key])).join('&');
  return { json: { url: ${JSON.stringify(vendorUrl)} + '/asr/v1/' + appId + '?' + query, authorization } };
});`;
}

/** TC3-HMAC-SHA256 over the exact JSON body, Content-Type and Host, per item. */
export function tencentApi3SigningCode(vendorUrl: string): string {
	const { host, path } = hostAndPath(`${vendorUrl}/`);
	return `const crypto = require('crypto');
const secretKey = ${JSON.stringify(DEMO_TENCENT_ACCOUNT.secretKey)};
const sha256 = (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key, text) => crypto.createHmac('sha256', key).update(text, 'utf8').digest();
return $input.all().map((item) => {
  const body = JSON.stringify({ EngineModelType: '16k_zh', ChannelNum: 1, ResTextFormat: 2, SourceType: 0, Url: item.json.url });
  const timestamp = Math.floor(Date.now() / 1000);
  const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
  const canonical = ['POST', ${JSON.stringify(path)}, '', 'content-type:${TENCENT3_CONTENT_TYPE}\\nhost:${host}\\n', 'content-type;host', sha256(body)].join('\\n');
  const scope = date + '/asr/tc3_request';
  const toSign = 'TC3-HMAC-SHA256\\n' + timestamp + '\\n' + scope + '\\n' + sha256(canonical);
  const key = hmac(hmac(hmac('TC3' + secretKey, date), 'asr'), 'tc3_request');
  const signature = crypto.createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  const authorization = 'TC3-HMAC-SHA256 Credential=${DEMO_TENCENT_ACCOUNT.secretId}/' + scope + ', SignedHeaders=content-type;host, Signature=' + signature;
  return { json: { body, timestamp: String(timestamp), authorization } };
});`;
}

/**
 * Huawei's SDK-HMAC-SHA256 over the canonical request (the URI ends with /; Content-Type,
 * Host, X-Project-Id and X-Sdk-Date signed, as Huawei's SDK does) and the exact JSON body.
 */
export function huaweiSigningCode(vendorUrl: string): string {
	const { host, path } = hostAndPath(`${vendorUrl}${huaweiJobsPath()}`);
	const { accessKeyId, secretAccessKey, projectId } = DEMO_HUAWEI_ACCOUNT;
	return `const crypto = require('crypto');
const secretAccessKey = ${JSON.stringify(secretAccessKey)};
const sha256 = (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');
const signedHeaders = 'content-type;host;x-project-id;x-sdk-date';
return $input.all().map((item) => {
  const body = JSON.stringify({ data: { url: item.json.url }, event_type: 'default', categories: ${JSON.stringify(HUAWEI_CATEGORIES)} });
  const date = new Date().toISOString().replace(/\\.\\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  const headers = 'content-type:application/json\\nhost:${host}\\nx-project-id:${projectId}\\nx-sdk-date:' + date + '\\n';
  const canonical = ['POST', ${JSON.stringify(`${path}/`)}, '', headers, signedHeaders, sha256(body)].join('\\n');
  const toSign = 'SDK-HMAC-SHA256\\n' + date + '\\n' + sha256(canonical);
  const signature = crypto.createHmac('sha256', secretAccessKey).update(toSign, 'utf8').digest('hex');
  const authorization = 'SDK-HMAC-SHA256 Access=${accessKeyId}, SignedHeaders=' + signedHeaders + ', Signature=' + signature;
  return { json: { body, date, authorization } };
});`;
}
