import { createRequire } from "node:module";
import * as ort from "onnxruntime-web";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
// \0rolldown/runtime.js
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __commonJSMin = (cb, mod) => () => (mod || (cb((mod = { exports: {} }).exports, mod, mod.exports), cb = null), mod.exports);
var __copyProps = (to, from, except, desc) => {
	if (from && typeof from === "object" || typeof from === "function") for (var keys = __getOwnPropNames(from), i = 0, n = keys.length, key; i < n; i++) {
		key = keys[i];
		if (!__hasOwnProp.call(to, key) && key !== except) __defProp(to, key, {
			get: ((k) => from[k]).bind(null, key),
			enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable
		});
	}
	return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(isNodeMode || !mod || !mod.__esModule || !__hasOwnProp.call(mod, "default") ? __defProp(target, "default", {
	value: mod,
	enumerable: true
}) : target, mod));
var __require = /* #__PURE__ */ (() => createRequire(import.meta.url))();
// node_modules/@protobufjs/aspromise/index.js
var require_aspromise = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = asPromise;
	/**
	* Callback as used by {@link util.asPromise}.
	* @typedef asPromiseCallback
	* @type {function}
	* @param {Error|null} error Error, if any
	* @param {...*} params Additional arguments
	* @returns {undefined}
	*/
	/**
	* Returns a promise from a node-style callback function.
	* @memberof util
	* @param {asPromiseCallback} fn Function to call
	* @param {*} ctx Function context
	* @param {...*} params Function arguments
	* @returns {Promise<*>} Promisified function
	*/
	function asPromise(fn, ctx) {
		var params = new Array(arguments.length - 1), offset = 0, index = 2, pending = true;
		while (index < arguments.length) params[offset++] = arguments[index++];
		return new Promise(function executor(resolve, reject) {
			params[offset] = function callback(err) {
				if (pending) {
					pending = false;
					if (err) reject(err);
					else {
						var params = new Array(arguments.length - 1), offset = 0;
						while (offset < params.length) params[offset++] = arguments[offset];
						resolve.apply(null, params);
					}
				}
			};
			try {
				fn.apply(ctx || null, params);
			} catch (err) {
				if (pending) {
					pending = false;
					reject(err);
				}
			}
		});
	}
}));
// node_modules/@protobufjs/base64/index.js
var require_base64 = /* @__PURE__ */ __commonJSMin(((exports) => {
	/**
	* A minimal base64 implementation for number arrays.
	* @memberof util
	* @namespace
	*/
	var base64 = exports;
	/**
	* Calculates the byte length of a base64 encoded string.
	* @param {string} string Base64 encoded string
	* @returns {number} Byte length
	*/
	base64.length = function length(string) {
		var p = string.length;
		if (!p) return 0;
		var n = 0;
		while (--p % 4 > 1 && string.charAt(p) === "=") ++n;
		return Math.ceil(string.length * 3) / 4 - n;
	};
	var b64 = new Array(64);
	var s64 = new Array(123);
	for (var i = 0; i < 64;) s64[b64[i] = i < 26 ? i + 65 : i < 52 ? i + 71 : i < 62 ? i - 4 : i - 59 | 43] = i++;
	/**
	* Encodes a buffer to a base64 encoded string.
	* @param {Uint8Array} buffer Source buffer
	* @param {number} start Source start
	* @param {number} end Source end
	* @returns {string} Base64 encoded string
	*/
	base64.encode = function encode(buffer, start, end) {
		var parts = null, chunk = [];
		var i = 0, j = 0, t;
		while (start < end) {
			var b = buffer[start++];
			switch (j) {
				case 0:
					chunk[i++] = b64[b >> 2];
					t = (b & 3) << 4;
					j = 1;
					break;
				case 1:
					chunk[i++] = b64[t | b >> 4];
					t = (b & 15) << 2;
					j = 2;
					break;
				case 2:
					chunk[i++] = b64[t | b >> 6];
					chunk[i++] = b64[b & 63];
					j = 0;
			}
			if (i > 8191) {
				(parts || (parts = [])).push(String.fromCharCode.apply(String, chunk));
				i = 0;
			}
		}
		if (j) {
			chunk[i++] = b64[t];
			chunk[i++] = 61;
			if (j === 1) chunk[i++] = 61;
		}
		if (parts) {
			if (i) parts.push(String.fromCharCode.apply(String, chunk.slice(0, i)));
			return parts.join("");
		}
		return String.fromCharCode.apply(String, chunk.slice(0, i));
	};
	var invalidEncoding = "invalid encoding";
	/**
	* Decodes a base64 encoded string to a buffer.
	* @param {string} string Source string
	* @param {Uint8Array} buffer Destination buffer
	* @param {number} offset Destination offset
	* @returns {number} Number of bytes written
	* @throws {Error} If encoding is invalid
	*/
	base64.decode = function decode(string, buffer, offset) {
		var start = offset;
		var j = 0, t;
		for (var i = 0; i < string.length;) {
			var c = string.charCodeAt(i++);
			if (c === 61 && j > 1) break;
			if ((c = s64[c]) === void 0) throw Error(invalidEncoding);
			switch (j) {
				case 0:
					t = c;
					j = 1;
					break;
				case 1:
					buffer[offset++] = t << 2 | (c & 48) >> 4;
					t = c;
					j = 2;
					break;
				case 2:
					buffer[offset++] = (t & 15) << 4 | (c & 60) >> 2;
					t = c;
					j = 3;
					break;
				case 3:
					buffer[offset++] = (t & 3) << 6 | c;
					j = 0;
			}
		}
		if (j === 1) throw Error(invalidEncoding);
		return offset - start;
	};
	/**
	* Tests if the specified string appears to be base64 encoded.
	* @param {string} string String to test
	* @returns {boolean} `true` if probably base64 encoded, otherwise false
	*/
	base64.test = function test(string) {
		return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(string);
	};
}));
// node_modules/@protobufjs/eventemitter/index.js
var require_eventemitter = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = EventEmitter;
	/**
	* Constructs a new event emitter instance.
	* @classdesc A minimal event emitter.
	* @memberof util
	* @constructor
	*/
	function EventEmitter() {
		/**
		* Registered listeners.
		* @type {Object.<string,*>}
		* @private
		*/
		this._listeners = Object.create(null);
	}
	/**
	* Event listener as used by {@link util.EventEmitter}.
	* @typedef EventEmitterListener
	* @type {function}
	* @param {...*} args Arguments
	* @returns {undefined}
	*/
	/**
	* Registers an event listener.
	* @param {string} evt Event name
	* @param {EventEmitterListener} fn Listener
	* @param {*} [ctx] Listener context
	* @returns {this} `this`
	*/
	EventEmitter.prototype.on = function on(evt, fn, ctx) {
		(this._listeners[evt] || (this._listeners[evt] = [])).push({
			fn,
			ctx: ctx || this
		});
		return this;
	};
	/**
	* Removes an event listener or any matching listeners if arguments are omitted.
	* @param {string} [evt] Event name. Removes all listeners if omitted.
	* @param {EventEmitterListener} [fn] Listener to remove. Removes all listeners of `evt` if omitted.
	* @returns {this} `this`
	*/
	EventEmitter.prototype.off = function off(evt, fn) {
		if (evt === void 0) this._listeners = Object.create(null);
		else if (fn === void 0) this._listeners[evt] = [];
		else {
			var listeners = this._listeners[evt];
			if (!listeners) return this;
			for (var i = 0; i < listeners.length;) if (listeners[i].fn === fn) listeners.splice(i, 1);
			else ++i;
		}
		return this;
	};
	/**
	* Emits an event by calling its listeners with the specified arguments.
	* @param {string} evt Event name
	* @param {...*} args Arguments
	* @returns {this} `this`
	*/
	EventEmitter.prototype.emit = function emit(evt) {
		var listeners = this._listeners[evt];
		if (listeners) {
			var args = [], i = 1;
			for (; i < arguments.length;) args.push(arguments[i++]);
			for (i = 0; i < listeners.length;) listeners[i].fn.apply(listeners[i++].ctx, args);
		}
		return this;
	};
}));
// node_modules/@protobufjs/float/index.js
var require_float = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = factory(factory);
	/**
	* Reads / writes floats / doubles from / to buffers.
	* @name util.float
	* @namespace
	*/
	/**
	* Writes a 32 bit float to a buffer using little endian byte order.
	* @name util.float.writeFloatLE
	* @function
	* @param {number} val Value to write
	* @param {Uint8Array} buf Target buffer
	* @param {number} pos Target buffer offset
	* @returns {undefined}
	*/
	/**
	* Writes a 32 bit float to a buffer using big endian byte order.
	* @name util.float.writeFloatBE
	* @function
	* @param {number} val Value to write
	* @param {Uint8Array} buf Target buffer
	* @param {number} pos Target buffer offset
	* @returns {undefined}
	*/
	/**
	* Reads a 32 bit float from a buffer using little endian byte order.
	* @name util.float.readFloatLE
	* @function
	* @param {Uint8Array} buf Source buffer
	* @param {number} pos Source buffer offset
	* @returns {number} Value read
	*/
	/**
	* Reads a 32 bit float from a buffer using big endian byte order.
	* @name util.float.readFloatBE
	* @function
	* @param {Uint8Array} buf Source buffer
	* @param {number} pos Source buffer offset
	* @returns {number} Value read
	*/
	/**
	* Writes a 64 bit double to a buffer using little endian byte order.
	* @name util.float.writeDoubleLE
	* @function
	* @param {number} val Value to write
	* @param {Uint8Array} buf Target buffer
	* @param {number} pos Target buffer offset
	* @returns {undefined}
	*/
	/**
	* Writes a 64 bit double to a buffer using big endian byte order.
	* @name util.float.writeDoubleBE
	* @function
	* @param {number} val Value to write
	* @param {Uint8Array} buf Target buffer
	* @param {number} pos Target buffer offset
	* @returns {undefined}
	*/
	/**
	* Reads a 64 bit double from a buffer using little endian byte order.
	* @name util.float.readDoubleLE
	* @function
	* @param {Uint8Array} buf Source buffer
	* @param {number} pos Source buffer offset
	* @returns {number} Value read
	*/
	/**
	* Reads a 64 bit double from a buffer using big endian byte order.
	* @name util.float.readDoubleBE
	* @function
	* @param {Uint8Array} buf Source buffer
	* @param {number} pos Source buffer offset
	* @returns {number} Value read
	*/
	function factory(exports) {
		if (typeof Float32Array !== "undefined") (function() {
			var f32 = new Float32Array([-0]), f8b = new Uint8Array(f32.buffer), le = f8b[3] === 128;
			function writeFloat_f32_cpy(val, buf, pos) {
				f32[0] = val;
				buf[pos] = f8b[0];
				buf[pos + 1] = f8b[1];
				buf[pos + 2] = f8b[2];
				buf[pos + 3] = f8b[3];
			}
			function writeFloat_f32_rev(val, buf, pos) {
				f32[0] = val;
				buf[pos] = f8b[3];
				buf[pos + 1] = f8b[2];
				buf[pos + 2] = f8b[1];
				buf[pos + 3] = f8b[0];
			}
			/* istanbul ignore next */
			exports.writeFloatLE = le ? writeFloat_f32_cpy : writeFloat_f32_rev;
			/* istanbul ignore next */
			exports.writeFloatBE = le ? writeFloat_f32_rev : writeFloat_f32_cpy;
			function readFloat_f32_cpy(buf, pos) {
				f8b[0] = buf[pos];
				f8b[1] = buf[pos + 1];
				f8b[2] = buf[pos + 2];
				f8b[3] = buf[pos + 3];
				return f32[0];
			}
			function readFloat_f32_rev(buf, pos) {
				f8b[3] = buf[pos];
				f8b[2] = buf[pos + 1];
				f8b[1] = buf[pos + 2];
				f8b[0] = buf[pos + 3];
				return f32[0];
			}
			/* istanbul ignore next */
			exports.readFloatLE = le ? readFloat_f32_cpy : readFloat_f32_rev;
			/* istanbul ignore next */
			exports.readFloatBE = le ? readFloat_f32_rev : readFloat_f32_cpy;
		})();
		else (function() {
			function writeFloat_ieee754(writeUint, val, buf, pos) {
				var sign = val < 0 ? 1 : 0;
				if (sign) val = -val;
				if (val === 0) writeUint(1 / val > 0 ? 0 : 2147483648, buf, pos);
				else if (isNaN(val)) writeUint(2143289344, buf, pos);
				else if (val > 34028234663852886e22) writeUint((sign << 31 | 2139095040) >>> 0, buf, pos);
				else if (val < 11754943508222875e-54) writeUint((sign << 31 | Math.round(val / 1401298464324817e-60)) >>> 0, buf, pos);
				else {
					var exponent = Math.floor(Math.log(val) / Math.LN2), mantissa = Math.round(val * Math.pow(2, -exponent) * 8388608) & 8388607;
					writeUint((sign << 31 | exponent + 127 << 23 | mantissa) >>> 0, buf, pos);
				}
			}
			exports.writeFloatLE = writeFloat_ieee754.bind(null, writeUintLE);
			exports.writeFloatBE = writeFloat_ieee754.bind(null, writeUintBE);
			function readFloat_ieee754(readUint, buf, pos) {
				var uint = readUint(buf, pos), sign = (uint >> 31) * 2 + 1, exponent = uint >>> 23 & 255, mantissa = uint & 8388607;
				return exponent === 255 ? mantissa ? NaN : sign * Infinity : exponent === 0 ? sign * 1401298464324817e-60 * mantissa : sign * Math.pow(2, exponent - 150) * (mantissa + 8388608);
			}
			exports.readFloatLE = readFloat_ieee754.bind(null, readUintLE);
			exports.readFloatBE = readFloat_ieee754.bind(null, readUintBE);
		})();
		if (typeof Float64Array !== "undefined") (function() {
			var f64 = new Float64Array([-0]), f8b = new Uint8Array(f64.buffer), le = f8b[7] === 128;
			function writeDouble_f64_cpy(val, buf, pos) {
				f64[0] = val;
				buf[pos] = f8b[0];
				buf[pos + 1] = f8b[1];
				buf[pos + 2] = f8b[2];
				buf[pos + 3] = f8b[3];
				buf[pos + 4] = f8b[4];
				buf[pos + 5] = f8b[5];
				buf[pos + 6] = f8b[6];
				buf[pos + 7] = f8b[7];
			}
			function writeDouble_f64_rev(val, buf, pos) {
				f64[0] = val;
				buf[pos] = f8b[7];
				buf[pos + 1] = f8b[6];
				buf[pos + 2] = f8b[5];
				buf[pos + 3] = f8b[4];
				buf[pos + 4] = f8b[3];
				buf[pos + 5] = f8b[2];
				buf[pos + 6] = f8b[1];
				buf[pos + 7] = f8b[0];
			}
			/* istanbul ignore next */
			exports.writeDoubleLE = le ? writeDouble_f64_cpy : writeDouble_f64_rev;
			/* istanbul ignore next */
			exports.writeDoubleBE = le ? writeDouble_f64_rev : writeDouble_f64_cpy;
			function readDouble_f64_cpy(buf, pos) {
				f8b[0] = buf[pos];
				f8b[1] = buf[pos + 1];
				f8b[2] = buf[pos + 2];
				f8b[3] = buf[pos + 3];
				f8b[4] = buf[pos + 4];
				f8b[5] = buf[pos + 5];
				f8b[6] = buf[pos + 6];
				f8b[7] = buf[pos + 7];
				return f64[0];
			}
			function readDouble_f64_rev(buf, pos) {
				f8b[7] = buf[pos];
				f8b[6] = buf[pos + 1];
				f8b[5] = buf[pos + 2];
				f8b[4] = buf[pos + 3];
				f8b[3] = buf[pos + 4];
				f8b[2] = buf[pos + 5];
				f8b[1] = buf[pos + 6];
				f8b[0] = buf[pos + 7];
				return f64[0];
			}
			/* istanbul ignore next */
			exports.readDoubleLE = le ? readDouble_f64_cpy : readDouble_f64_rev;
			/* istanbul ignore next */
			exports.readDoubleBE = le ? readDouble_f64_rev : readDouble_f64_cpy;
		})();
		else (function() {
			function writeDouble_ieee754(writeUint, off0, off1, val, buf, pos) {
				var sign = val < 0 ? 1 : 0;
				if (sign) val = -val;
				if (val === 0) {
					writeUint(0, buf, pos + off0);
					writeUint(1 / val > 0 ? 0 : 2147483648, buf, pos + off1);
				} else if (isNaN(val)) {
					writeUint(0, buf, pos + off0);
					writeUint(2146959360, buf, pos + off1);
				} else if (val > 17976931348623157e292) {
					writeUint(0, buf, pos + off0);
					writeUint((sign << 31 | 2146435072) >>> 0, buf, pos + off1);
				} else {
					var mantissa;
					if (val < 22250738585072014e-324) {
						mantissa = val / 5e-324;
						writeUint(mantissa >>> 0, buf, pos + off0);
						writeUint((sign << 31 | mantissa / 4294967296) >>> 0, buf, pos + off1);
					} else {
						var exponent = Math.floor(Math.log(val) / Math.LN2);
						if (exponent === 1024) exponent = 1023;
						mantissa = val * Math.pow(2, -exponent);
						writeUint(mantissa * 4503599627370496 >>> 0, buf, pos + off0);
						writeUint((sign << 31 | exponent + 1023 << 20 | mantissa * 1048576 & 1048575) >>> 0, buf, pos + off1);
					}
				}
			}
			exports.writeDoubleLE = writeDouble_ieee754.bind(null, writeUintLE, 0, 4);
			exports.writeDoubleBE = writeDouble_ieee754.bind(null, writeUintBE, 4, 0);
			function readDouble_ieee754(readUint, off0, off1, buf, pos) {
				var lo = readUint(buf, pos + off0), hi = readUint(buf, pos + off1);
				var sign = (hi >> 31) * 2 + 1, exponent = hi >>> 20 & 2047, mantissa = 4294967296 * (hi & 1048575) + lo;
				return exponent === 2047 ? mantissa ? NaN : sign * Infinity : exponent === 0 ? sign * 5e-324 * mantissa : sign * Math.pow(2, exponent - 1075) * (mantissa + 4503599627370496);
			}
			exports.readDoubleLE = readDouble_ieee754.bind(null, readUintLE, 0, 4);
			exports.readDoubleBE = readDouble_ieee754.bind(null, readUintBE, 4, 0);
		})();
		return exports;
	}
	function writeUintLE(val, buf, pos) {
		buf[pos] = val & 255;
		buf[pos + 1] = val >>> 8 & 255;
		buf[pos + 2] = val >>> 16 & 255;
		buf[pos + 3] = val >>> 24;
	}
	function writeUintBE(val, buf, pos) {
		buf[pos] = val >>> 24;
		buf[pos + 1] = val >>> 16 & 255;
		buf[pos + 2] = val >>> 8 & 255;
		buf[pos + 3] = val & 255;
	}
	function readUintLE(buf, pos) {
		return (buf[pos] | buf[pos + 1] << 8 | buf[pos + 2] << 16 | buf[pos + 3] << 24) >>> 0;
	}
	function readUintBE(buf, pos) {
		return (buf[pos] << 24 | buf[pos + 1] << 16 | buf[pos + 2] << 8 | buf[pos + 3]) >>> 0;
	}
}));
// node_modules/@protobufjs/utf8/index.js
var require_utf8 = /* @__PURE__ */ __commonJSMin(((exports) => {
	/**
	* A minimal UTF8 implementation for number arrays.
	* @memberof util
	* @namespace
	*/
	var utf8 = exports;
	var replacementCharCode = 65533;
	/**
	* Calculates the UTF8 byte length of a string.
	* @param {string} string String
	* @returns {number} Byte length
	*/
	utf8.length = function utf8_length(string) {
		var len = 0, c = 0;
		for (var i = 0; i < string.length; ++i) {
			c = string.charCodeAt(i);
			if (c < 128) len += 1;
			else if (c < 2048) len += 2;
			else if ((c & 64512) === 55296 && (string.charCodeAt(i + 1) & 64512) === 56320) {
				++i;
				len += 4;
			} else len += 3;
		}
		return len;
	};
	/**
	* Reads UTF8 bytes as a string.
	* @param {Uint8Array} buffer Source buffer
	* @param {number} start Source start
	* @param {number} end Source end
	* @returns {string} String read
	*/
	utf8.read = function utf8_read(buffer, start, end) {
		if (end - start < 1) return "";
		var parts = null, chunk = [], i = 0, t, t2, c2, c3;
		while (start < end) {
			t = buffer[start++];
			if (t <= 127) chunk[i++] = t;
			else if (t >= 192 && t < 224) {
				c2 = (t & 31) << 6 | buffer[start++] & 63;
				chunk[i++] = c2 >= 128 ? c2 : replacementCharCode;
			} else if (t >= 224 && t < 240) {
				c3 = (t & 15) << 12 | (buffer[start++] & 63) << 6 | buffer[start++] & 63;
				chunk[i++] = c3 >= 2048 ? c3 : replacementCharCode;
			} else if (t >= 240) {
				t2 = (t & 7) << 18 | (buffer[start++] & 63) << 12 | (buffer[start++] & 63) << 6 | buffer[start++] & 63;
				if (t2 < 65536 || t2 > 1114111) chunk[i++] = replacementCharCode;
				else {
					t2 -= 65536;
					chunk[i++] = 55296 + (t2 >> 10);
					chunk[i++] = 56320 + (t2 & 1023);
				}
			}
			if (i > 8191) {
				(parts || (parts = [])).push(String.fromCharCode.apply(String, chunk.slice(0, i)));
				i = 0;
			}
		}
		if (parts) {
			if (i) parts.push(String.fromCharCode.apply(String, chunk.slice(0, i)));
			return parts.join("");
		}
		return String.fromCharCode.apply(String, chunk.slice(0, i));
	};
	/**
	* Writes a string as UTF8 bytes.
	* @param {string} string Source string
	* @param {Uint8Array} buffer Destination buffer
	* @param {number} offset Destination offset
	* @returns {number} Bytes written
	*/
	utf8.write = function utf8_write(string, buffer, offset) {
		var start = offset, c1, c2;
		for (var i = 0; i < string.length; ++i) {
			c1 = string.charCodeAt(i);
			if (c1 < 128) buffer[offset++] = c1;
			else if (c1 < 2048) {
				buffer[offset++] = c1 >> 6 | 192;
				buffer[offset++] = c1 & 63 | 128;
			} else if ((c1 & 64512) === 55296 && ((c2 = string.charCodeAt(i + 1)) & 64512) === 56320) {
				c1 = 65536 + ((c1 & 1023) << 10) + (c2 & 1023);
				++i;
				buffer[offset++] = c1 >> 18 | 240;
				buffer[offset++] = c1 >> 12 & 63 | 128;
				buffer[offset++] = c1 >> 6 & 63 | 128;
				buffer[offset++] = c1 & 63 | 128;
			} else {
				buffer[offset++] = c1 >> 12 | 224;
				buffer[offset++] = c1 >> 6 & 63 | 128;
				buffer[offset++] = c1 & 63 | 128;
			}
		}
		return offset - start;
	};
}));
// node_modules/@protobufjs/pool/index.js
var require_pool = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = pool;
	/**
	* An allocator as used by {@link util.pool}.
	* @typedef PoolAllocator
	* @type {function}
	* @param {number} size Buffer size
	* @returns {Uint8Array} Buffer
	*/
	/**
	* A slicer as used by {@link util.pool}.
	* @typedef PoolSlicer
	* @type {function}
	* @param {number} start Start offset
	* @param {number} end End offset
	* @returns {Uint8Array} Buffer slice
	* @this {Uint8Array}
	*/
	/**
	* A general purpose buffer pool.
	* @memberof util
	* @function
	* @param {PoolAllocator} alloc Allocator
	* @param {PoolSlicer} slice Slicer
	* @param {number} [size=8192] Slab size
	* @returns {PoolAllocator} Pooled allocator
	*/
	function pool(alloc, slice, size) {
		var SIZE = size || 8192;
		var MAX = SIZE >>> 1;
		var slab = null;
		var offset = SIZE;
		return function pool_alloc(size) {
			if (size < 1 || size > MAX) return alloc(size);
			if (offset + size > SIZE) {
				slab = alloc(SIZE);
				offset = 0;
			}
			var buf = slice.call(slab, offset, offset += size);
			if (offset & 7) offset = (offset | 7) + 1;
			return buf;
		};
	}
}));
// node_modules/protobufjs/src/util/longbits.js
var require_longbits = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = LongBits;
	var util = require_minimal();
	/**
	* Constructs new long bits.
	* @classdesc Helper class for working with the low and high bits of a 64 bit value.
	* @memberof util
	* @constructor
	* @param {number} lo Low 32 bits, unsigned
	* @param {number} hi High 32 bits, unsigned
	*/
	function LongBits(lo, hi) {
		/**
		* Low bits.
		* @type {number}
		*/
		this.lo = lo >>> 0;
		/**
		* High bits.
		* @type {number}
		*/
		this.hi = hi >>> 0;
	}
	/**
	* Zero bits.
	* @memberof util.LongBits
	* @type {util.LongBits}
	*/
	var zero = LongBits.zero = new LongBits(0, 0);
	zero.toNumber = function() {
		return 0;
	};
	zero.zzEncode = zero.zzDecode = function() {
		return this;
	};
	zero.length = function() {
		return 1;
	};
	/**
	* Zero hash.
	* @memberof util.LongBits
	* @type {string}
	*/
	var zeroHash = LongBits.zeroHash = "\0\0\0\0\0\0\0\0";
	/**
	* Constructs new long bits from the specified number.
	* @param {number} value Value
	* @returns {util.LongBits} Instance
	*/
	LongBits.fromNumber = function fromNumber(value) {
		if (value === 0) return zero;
		var sign = value < 0;
		if (sign) value = -value;
		var lo = value >>> 0, hi = (value - lo) / 4294967296 >>> 0;
		if (sign) {
			hi = ~hi >>> 0;
			lo = ~lo >>> 0;
			if (++lo > 4294967295) {
				lo = 0;
				if (++hi > 4294967295) hi = 0;
			}
		}
		return new LongBits(lo, hi);
	};
	/**
	* Constructs new long bits from a number, long or string.
	* @param {Long|number|string} value Value
	* @returns {util.LongBits} Instance
	*/
	LongBits.from = function from(value) {
		if (typeof value === "number") return LongBits.fromNumber(value);
		if (util.isString(value)) {
			/* istanbul ignore else */
			if (util.Long) value = util.Long.fromString(value);
			else return LongBits.fromNumber(parseInt(value, 10));
		}
		return value.low || value.high ? new LongBits(value.low >>> 0, value.high >>> 0) : zero;
	};
	/**
	* Converts this long bits to a possibly unsafe JavaScript number.
	* @param {boolean} [unsigned=false] Whether unsigned or not
	* @returns {number} Possibly unsafe number
	*/
	LongBits.prototype.toNumber = function toNumber(unsigned) {
		if (!unsigned && this.hi >>> 31) {
			var lo = ~this.lo + 1 >>> 0, hi = ~this.hi >>> 0;
			if (!lo) hi = hi + 1 >>> 0;
			return -(lo + hi * 4294967296);
		}
		return this.lo + this.hi * 4294967296;
	};
	/**
	* Converts this long bits to a long.
	* @param {boolean} [unsigned=false] Whether unsigned or not
	* @returns {Long} Long
	*/
	LongBits.prototype.toLong = function toLong(unsigned) {
		return util.Long ? new util.Long(this.lo | 0, this.hi | 0, Boolean(unsigned)) : {
			low: this.lo | 0,
			high: this.hi | 0,
			unsigned: Boolean(unsigned)
		};
	};
	var charCodeAt = String.prototype.charCodeAt;
	/**
	* Constructs new long bits from the specified 8 characters long hash.
	* @param {string} hash Hash
	* @returns {util.LongBits} Bits
	*/
	LongBits.fromHash = function fromHash(hash) {
		if (hash === zeroHash) return zero;
		return new LongBits((charCodeAt.call(hash, 0) | charCodeAt.call(hash, 1) << 8 | charCodeAt.call(hash, 2) << 16 | charCodeAt.call(hash, 3) << 24) >>> 0, (charCodeAt.call(hash, 4) | charCodeAt.call(hash, 5) << 8 | charCodeAt.call(hash, 6) << 16 | charCodeAt.call(hash, 7) << 24) >>> 0);
	};
	/**
	* Converts this long bits to a 8 characters long hash.
	* @returns {string} Hash
	*/
	LongBits.prototype.toHash = function toHash() {
		return String.fromCharCode(this.lo & 255, this.lo >>> 8 & 255, this.lo >>> 16 & 255, this.lo >>> 24, this.hi & 255, this.hi >>> 8 & 255, this.hi >>> 16 & 255, this.hi >>> 24);
	};
	/**
	* Zig-zag encodes this long bits.
	* @returns {util.LongBits} `this`
	*/
	LongBits.prototype.zzEncode = function zzEncode() {
		var mask = this.hi >> 31;
		this.hi = ((this.hi << 1 | this.lo >>> 31) ^ mask) >>> 0;
		this.lo = (this.lo << 1 ^ mask) >>> 0;
		return this;
	};
	/**
	* Zig-zag decodes this long bits.
	* @returns {util.LongBits} `this`
	*/
	LongBits.prototype.zzDecode = function zzDecode() {
		var mask = -(this.lo & 1);
		this.lo = ((this.lo >>> 1 | this.hi << 31) ^ mask) >>> 0;
		this.hi = (this.hi >>> 1 ^ mask) >>> 0;
		return this;
	};
	/**
	* Calculates the length of this longbits when encoded as a varint.
	* @returns {number} Length
	*/
	LongBits.prototype.length = function length() {
		var part0 = this.lo, part1 = (this.lo >>> 28 | this.hi << 4) >>> 0, part2 = this.hi >>> 24;
		return part2 === 0 ? part1 === 0 ? part0 < 16384 ? part0 < 128 ? 1 : 2 : part0 < 2097152 ? 3 : 4 : part1 < 16384 ? part1 < 128 ? 5 : 6 : part1 < 2097152 ? 7 : 8 : part2 < 128 ? 9 : 10;
	};
}));
// node_modules/long/umd/index.js
var require_umd = /* @__PURE__ */ __commonJSMin(((exports, module, this$2) => {
	(function(global, factory) {
		function preferDefault(exports) {
			return exports.default || exports;
		}
		if (typeof define === "function" && define.amd) define([], function() {
			var exports = {};
			factory(exports);
			return preferDefault(exports);
		});
		else if (typeof exports === "object") {
			factory(exports);
			if (typeof module === "object") module.exports = preferDefault(exports);
		} else (function() {
			var exports = {};
			factory(exports);
			global.Long = preferDefault(exports);
		})();
	})(typeof globalThis !== "undefined" ? globalThis : typeof self !== "undefined" ? self : this$2, function(_exports) {
		"use strict";
		Object.defineProperty(_exports, "__esModule", { value: true });
		_exports.default = void 0;
		/**
		* @license
		* Copyright 2009 The Closure Library Authors
		* Copyright 2020 Daniel Wirtz / The long.js Authors.
		*
		* Licensed under the Apache License, Version 2.0 (the "License");
		* you may not use this file except in compliance with the License.
		* You may obtain a copy of the License at
		*
		*     http://www.apache.org/licenses/LICENSE-2.0
		*
		* Unless required by applicable law or agreed to in writing, software
		* distributed under the License is distributed on an "AS IS" BASIS,
		* WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
		* See the License for the specific language governing permissions and
		* limitations under the License.
		*
		* SPDX-License-Identifier: Apache-2.0
		*/
		var wasm = null;
		try {
			wasm = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array([
				0,
				97,
				115,
				109,
				1,
				0,
				0,
				0,
				1,
				13,
				2,
				96,
				0,
				1,
				127,
				96,
				4,
				127,
				127,
				127,
				127,
				1,
				127,
				3,
				7,
				6,
				0,
				1,
				1,
				1,
				1,
				1,
				6,
				6,
				1,
				127,
				1,
				65,
				0,
				11,
				7,
				50,
				6,
				3,
				109,
				117,
				108,
				0,
				1,
				5,
				100,
				105,
				118,
				95,
				115,
				0,
				2,
				5,
				100,
				105,
				118,
				95,
				117,
				0,
				3,
				5,
				114,
				101,
				109,
				95,
				115,
				0,
				4,
				5,
				114,
				101,
				109,
				95,
				117,
				0,
				5,
				8,
				103,
				101,
				116,
				95,
				104,
				105,
				103,
				104,
				0,
				0,
				10,
				191,
				1,
				6,
				4,
				0,
				35,
				0,
				11,
				36,
				1,
				1,
				126,
				32,
				0,
				173,
				32,
				1,
				173,
				66,
				32,
				134,
				132,
				32,
				2,
				173,
				32,
				3,
				173,
				66,
				32,
				134,
				132,
				126,
				34,
				4,
				66,
				32,
				135,
				167,
				36,
				0,
				32,
				4,
				167,
				11,
				36,
				1,
				1,
				126,
				32,
				0,
				173,
				32,
				1,
				173,
				66,
				32,
				134,
				132,
				32,
				2,
				173,
				32,
				3,
				173,
				66,
				32,
				134,
				132,
				127,
				34,
				4,
				66,
				32,
				135,
				167,
				36,
				0,
				32,
				4,
				167,
				11,
				36,
				1,
				1,
				126,
				32,
				0,
				173,
				32,
				1,
				173,
				66,
				32,
				134,
				132,
				32,
				2,
				173,
				32,
				3,
				173,
				66,
				32,
				134,
				132,
				128,
				34,
				4,
				66,
				32,
				135,
				167,
				36,
				0,
				32,
				4,
				167,
				11,
				36,
				1,
				1,
				126,
				32,
				0,
				173,
				32,
				1,
				173,
				66,
				32,
				134,
				132,
				32,
				2,
				173,
				32,
				3,
				173,
				66,
				32,
				134,
				132,
				129,
				34,
				4,
				66,
				32,
				135,
				167,
				36,
				0,
				32,
				4,
				167,
				11,
				36,
				1,
				1,
				126,
				32,
				0,
				173,
				32,
				1,
				173,
				66,
				32,
				134,
				132,
				32,
				2,
				173,
				32,
				3,
				173,
				66,
				32,
				134,
				132,
				130,
				34,
				4,
				66,
				32,
				135,
				167,
				36,
				0,
				32,
				4,
				167,
				11
			])), {}).exports;
		} catch {}
		/**
		* Constructs a 64 bit two's-complement integer, given its low and high 32 bit values as *signed* integers.
		*  See the from* functions below for more convenient ways of constructing Longs.
		* @exports Long
		* @class A Long class for representing a 64 bit two's-complement integer value.
		* @param {number} low The low (signed) 32 bits of the long
		* @param {number} high The high (signed) 32 bits of the long
		* @param {boolean=} unsigned Whether unsigned or not, defaults to signed
		* @constructor
		*/
		function Long(low, high, unsigned) {
			/**
			* The low 32 bits as a signed value.
			* @type {number}
			*/
			this.low = low | 0;
			/**
			* The high 32 bits as a signed value.
			* @type {number}
			*/
			this.high = high | 0;
			/**
			* Whether unsigned or not.
			* @type {boolean}
			*/
			this.unsigned = !!unsigned;
		}
		/**
		* An indicator used to reliably determine if an object is a Long or not.
		* @type {boolean}
		* @const
		* @private
		*/
		Long.prototype.__isLong__;
		Object.defineProperty(Long.prototype, "__isLong__", { value: true });
		/**
		* @function
		* @param {*} obj Object
		* @returns {boolean}
		* @inner
		*/
		function isLong(obj) {
			return (obj && obj["__isLong__"]) === true;
		}
		/**
		* @function
		* @param {*} value number
		* @returns {number}
		* @inner
		*/
		function ctz32(value) {
			var c = Math.clz32(value & -value);
			return value ? 31 - c : c;
		}
		/**
		* Tests if the specified object is a Long.
		* @function
		* @param {*} obj Object
		* @returns {boolean}
		*/
		Long.isLong = isLong;
		/**
		* A cache of the Long representations of small integer values.
		* @type {!Object}
		* @inner
		*/
		var INT_CACHE = {};
		/**
		* A cache of the Long representations of small unsigned integer values.
		* @type {!Object}
		* @inner
		*/
		var UINT_CACHE = {};
		/**
		* @param {number} value
		* @param {boolean=} unsigned
		* @returns {!Long}
		* @inner
		*/
		function fromInt(value, unsigned) {
			var obj, cachedObj, cache;
			if (unsigned) {
				value >>>= 0;
				if (cache = 0 <= value && value < 256) {
					cachedObj = UINT_CACHE[value];
					if (cachedObj) return cachedObj;
				}
				obj = fromBits(value, 0, true);
				if (cache) UINT_CACHE[value] = obj;
				return obj;
			} else {
				value |= 0;
				if (cache = -128 <= value && value < 128) {
					cachedObj = INT_CACHE[value];
					if (cachedObj) return cachedObj;
				}
				obj = fromBits(value, value < 0 ? -1 : 0, false);
				if (cache) INT_CACHE[value] = obj;
				return obj;
			}
		}
		/**
		* Returns a Long representing the given 32 bit integer value.
		* @function
		* @param {number} value The 32 bit integer in question
		* @param {boolean=} unsigned Whether unsigned or not, defaults to signed
		* @returns {!Long} The corresponding Long value
		*/
		Long.fromInt = fromInt;
		/**
		* @param {number} value
		* @param {boolean=} unsigned
		* @returns {!Long}
		* @inner
		*/
		function fromNumber(value, unsigned) {
			if (isNaN(value)) return unsigned ? UZERO : ZERO;
			if (unsigned) {
				if (value < 0) return UZERO;
				if (value >= TWO_PWR_64_DBL) return MAX_UNSIGNED_VALUE;
			} else {
				if (value <= -TWO_PWR_63_DBL) return MIN_VALUE;
				if (value + 1 >= TWO_PWR_63_DBL) return MAX_VALUE;
			}
			if (value < 0) return fromNumber(-value, unsigned).neg();
			return fromBits(value % TWO_PWR_32_DBL | 0, value / TWO_PWR_32_DBL | 0, unsigned);
		}
		/**
		* Returns a Long representing the given value, provided that it is a finite number. Otherwise, zero is returned.
		* @function
		* @param {number} value The number in question
		* @param {boolean=} unsigned Whether unsigned or not, defaults to signed
		* @returns {!Long} The corresponding Long value
		*/
		Long.fromNumber = fromNumber;
		/**
		* @param {number} lowBits
		* @param {number} highBits
		* @param {boolean=} unsigned
		* @returns {!Long}
		* @inner
		*/
		function fromBits(lowBits, highBits, unsigned) {
			return new Long(lowBits, highBits, unsigned);
		}
		/**
		* Returns a Long representing the 64 bit integer that comes by concatenating the given low and high bits. Each is
		*  assumed to use 32 bits.
		* @function
		* @param {number} lowBits The low 32 bits
		* @param {number} highBits The high 32 bits
		* @param {boolean=} unsigned Whether unsigned or not, defaults to signed
		* @returns {!Long} The corresponding Long value
		*/
		Long.fromBits = fromBits;
		/**
		* @function
		* @param {number} base
		* @param {number} exponent
		* @returns {number}
		* @inner
		*/
		var pow_dbl = Math.pow;
		/**
		* @param {string} str
		* @param {(boolean|number)=} unsigned
		* @param {number=} radix
		* @returns {!Long}
		* @inner
		*/
		function fromString(str, unsigned, radix) {
			if (str.length === 0) throw Error("empty string");
			if (typeof unsigned === "number") {
				radix = unsigned;
				unsigned = false;
			} else unsigned = !!unsigned;
			if (str === "NaN" || str === "Infinity" || str === "+Infinity" || str === "-Infinity") return unsigned ? UZERO : ZERO;
			radix = radix || 10;
			if (radix < 2 || 36 < radix) throw RangeError("radix");
			var p;
			if ((p = str.indexOf("-")) > 0) throw Error("interior hyphen");
			else if (p === 0) return fromString(str.substring(1), unsigned, radix).neg();
			var radixToPower = fromNumber(pow_dbl(radix, 8));
			var result = ZERO;
			for (var i = 0; i < str.length; i += 8) {
				var size = Math.min(8, str.length - i), value = parseInt(str.substring(i, i + size), radix);
				if (size < 8) {
					var power = fromNumber(pow_dbl(radix, size));
					result = result.mul(power).add(fromNumber(value));
				} else {
					result = result.mul(radixToPower);
					result = result.add(fromNumber(value));
				}
			}
			result.unsigned = unsigned;
			return result;
		}
		/**
		* Returns a Long representation of the given string, written using the specified radix.
		* @function
		* @param {string} str The textual representation of the Long
		* @param {(boolean|number)=} unsigned Whether unsigned or not, defaults to signed
		* @param {number=} radix The radix in which the text is written (2-36), defaults to 10
		* @returns {!Long} The corresponding Long value
		*/
		Long.fromString = fromString;
		/**
		* @function
		* @param {!Long|number|string|!{low: number, high: number, unsigned: boolean}} val
		* @param {boolean=} unsigned
		* @returns {!Long}
		* @inner
		*/
		function fromValue(val, unsigned) {
			if (typeof val === "number") return fromNumber(val, unsigned);
			if (typeof val === "string") return fromString(val, unsigned);
			return fromBits(val.low, val.high, typeof unsigned === "boolean" ? unsigned : val.unsigned);
		}
		/**
		* Converts the specified value to a Long using the appropriate from* function for its type.
		* @function
		* @param {!Long|number|bigint|string|!{low: number, high: number, unsigned: boolean}} val Value
		* @param {boolean=} unsigned Whether unsigned or not, defaults to signed
		* @returns {!Long}
		*/
		Long.fromValue = fromValue;
		/**
		* @type {number}
		* @const
		* @inner
		*/
		var TWO_PWR_16_DBL = 65536;
		/**
		* @type {number}
		* @const
		* @inner
		*/
		var TWO_PWR_24_DBL = 1 << 24;
		/**
		* @type {number}
		* @const
		* @inner
		*/
		var TWO_PWR_32_DBL = TWO_PWR_16_DBL * TWO_PWR_16_DBL;
		/**
		* @type {number}
		* @const
		* @inner
		*/
		var TWO_PWR_64_DBL = TWO_PWR_32_DBL * TWO_PWR_32_DBL;
		/**
		* @type {number}
		* @const
		* @inner
		*/
		var TWO_PWR_63_DBL = TWO_PWR_64_DBL / 2;
		/**
		* @type {!Long}
		* @const
		* @inner
		*/
		var TWO_PWR_24 = fromInt(TWO_PWR_24_DBL);
		/**
		* @type {!Long}
		* @inner
		*/
		var ZERO = fromInt(0);
		/**
		* Signed zero.
		* @type {!Long}
		*/
		Long.ZERO = ZERO;
		/**
		* @type {!Long}
		* @inner
		*/
		var UZERO = fromInt(0, true);
		/**
		* Unsigned zero.
		* @type {!Long}
		*/
		Long.UZERO = UZERO;
		/**
		* @type {!Long}
		* @inner
		*/
		var ONE = fromInt(1);
		/**
		* Signed one.
		* @type {!Long}
		*/
		Long.ONE = ONE;
		/**
		* @type {!Long}
		* @inner
		*/
		var UONE = fromInt(1, true);
		/**
		* Unsigned one.
		* @type {!Long}
		*/
		Long.UONE = UONE;
		/**
		* @type {!Long}
		* @inner
		*/
		var NEG_ONE = fromInt(-1);
		/**
		* Signed negative one.
		* @type {!Long}
		*/
		Long.NEG_ONE = NEG_ONE;
		/**
		* @type {!Long}
		* @inner
		*/
		var MAX_VALUE = fromBits(-1, 2147483647, false);
		/**
		* Maximum signed value.
		* @type {!Long}
		*/
		Long.MAX_VALUE = MAX_VALUE;
		/**
		* @type {!Long}
		* @inner
		*/
		var MAX_UNSIGNED_VALUE = fromBits(-1, -1, true);
		/**
		* Maximum unsigned value.
		* @type {!Long}
		*/
		Long.MAX_UNSIGNED_VALUE = MAX_UNSIGNED_VALUE;
		/**
		* @type {!Long}
		* @inner
		*/
		var MIN_VALUE = fromBits(0, -2147483648, false);
		/**
		* Minimum signed value.
		* @type {!Long}
		*/
		Long.MIN_VALUE = MIN_VALUE;
		/**
		* @alias Long.prototype
		* @inner
		*/
		var LongPrototype = Long.prototype;
		/**
		* Converts the Long to a 32 bit integer, assuming it is a 32 bit integer.
		* @this {!Long}
		* @returns {number}
		*/
		LongPrototype.toInt = function toInt() {
			return this.unsigned ? this.low >>> 0 : this.low;
		};
		/**
		* Converts the Long to a the nearest floating-point representation of this value (double, 53 bit mantissa).
		* @this {!Long}
		* @returns {number}
		*/
		LongPrototype.toNumber = function toNumber() {
			if (this.unsigned) return (this.high >>> 0) * TWO_PWR_32_DBL + (this.low >>> 0);
			return this.high * TWO_PWR_32_DBL + (this.low >>> 0);
		};
		/**
		* Converts the Long to a string written in the specified radix.
		* @this {!Long}
		* @param {number=} radix Radix (2-36), defaults to 10
		* @returns {string}
		* @override
		* @throws {RangeError} If `radix` is out of range
		*/
		LongPrototype.toString = function toString(radix) {
			radix = radix || 10;
			if (radix < 2 || 36 < radix) throw RangeError("radix");
			if (this.isZero()) return "0";
			if (this.isNegative()) {
				if (this.eq(MIN_VALUE)) {
					var radixLong = fromNumber(radix), div = this.div(radixLong), rem1 = div.mul(radixLong).sub(this);
					return div.toString(radix) + rem1.toInt().toString(radix);
				} else return "-" + this.neg().toString(radix);
			}
			var radixToPower = fromNumber(pow_dbl(radix, 6), this.unsigned), rem = this;
			var result = "";
			while (true) {
				var remDiv = rem.div(radixToPower), digits = (rem.sub(remDiv.mul(radixToPower)).toInt() >>> 0).toString(radix);
				rem = remDiv;
				if (rem.isZero()) return digits + result;
				else {
					while (digits.length < 6) digits = "0" + digits;
					result = "" + digits + result;
				}
			}
		};
		/**
		* Gets the high 32 bits as a signed integer.
		* @this {!Long}
		* @returns {number} Signed high bits
		*/
		LongPrototype.getHighBits = function getHighBits() {
			return this.high;
		};
		/**
		* Gets the high 32 bits as an unsigned integer.
		* @this {!Long}
		* @returns {number} Unsigned high bits
		*/
		LongPrototype.getHighBitsUnsigned = function getHighBitsUnsigned() {
			return this.high >>> 0;
		};
		/**
		* Gets the low 32 bits as a signed integer.
		* @this {!Long}
		* @returns {number} Signed low bits
		*/
		LongPrototype.getLowBits = function getLowBits() {
			return this.low;
		};
		/**
		* Gets the low 32 bits as an unsigned integer.
		* @this {!Long}
		* @returns {number} Unsigned low bits
		*/
		LongPrototype.getLowBitsUnsigned = function getLowBitsUnsigned() {
			return this.low >>> 0;
		};
		/**
		* Gets the number of bits needed to represent the absolute value of this Long.
		* @this {!Long}
		* @returns {number}
		*/
		LongPrototype.getNumBitsAbs = function getNumBitsAbs() {
			if (this.isNegative()) return this.eq(MIN_VALUE) ? 64 : this.neg().getNumBitsAbs();
			var val = this.high != 0 ? this.high : this.low;
			for (var bit = 31; bit > 0; bit--) if ((val & 1 << bit) != 0) break;
			return this.high != 0 ? bit + 33 : bit + 1;
		};
		/**
		* Tests if this Long can be safely represented as a JavaScript number.
		* @this {!Long}
		* @returns {boolean}
		*/
		LongPrototype.isSafeInteger = function isSafeInteger() {
			var top11Bits = this.high >> 21;
			if (!top11Bits) return true;
			if (this.unsigned) return false;
			return top11Bits === -1 && !(this.low === 0 && this.high === -2097152);
		};
		/**
		* Tests if this Long's value equals zero.
		* @this {!Long}
		* @returns {boolean}
		*/
		LongPrototype.isZero = function isZero() {
			return this.high === 0 && this.low === 0;
		};
		/**
		* Tests if this Long's value equals zero. This is an alias of {@link Long#isZero}.
		* @returns {boolean}
		*/
		LongPrototype.eqz = LongPrototype.isZero;
		/**
		* Tests if this Long's value is negative.
		* @this {!Long}
		* @returns {boolean}
		*/
		LongPrototype.isNegative = function isNegative() {
			return !this.unsigned && this.high < 0;
		};
		/**
		* Tests if this Long's value is positive or zero.
		* @this {!Long}
		* @returns {boolean}
		*/
		LongPrototype.isPositive = function isPositive() {
			return this.unsigned || this.high >= 0;
		};
		/**
		* Tests if this Long's value is odd.
		* @this {!Long}
		* @returns {boolean}
		*/
		LongPrototype.isOdd = function isOdd() {
			return (this.low & 1) === 1;
		};
		/**
		* Tests if this Long's value is even.
		* @this {!Long}
		* @returns {boolean}
		*/
		LongPrototype.isEven = function isEven() {
			return (this.low & 1) === 0;
		};
		/**
		* Tests if this Long's value equals the specified's.
		* @this {!Long}
		* @param {!Long|number|bigint|string} other Other value
		* @returns {boolean}
		*/
		LongPrototype.equals = function equals(other) {
			if (!isLong(other)) other = fromValue(other);
			if (this.unsigned !== other.unsigned && this.high >>> 31 === 1 && other.high >>> 31 === 1) return false;
			return this.high === other.high && this.low === other.low;
		};
		/**
		* Tests if this Long's value equals the specified's. This is an alias of {@link Long#equals}.
		* @function
		* @param {!Long|number|bigint|string} other Other value
		* @returns {boolean}
		*/
		LongPrototype.eq = LongPrototype.equals;
		/**
		* Tests if this Long's value differs from the specified's.
		* @this {!Long}
		* @param {!Long|number|bigint|string} other Other value
		* @returns {boolean}
		*/
		LongPrototype.notEquals = function notEquals(other) {
			return !this.eq(other);
		};
		/**
		* Tests if this Long's value differs from the specified's. This is an alias of {@link Long#notEquals}.
		* @function
		* @param {!Long|number|bigint|string} other Other value
		* @returns {boolean}
		*/
		LongPrototype.neq = LongPrototype.notEquals;
		/**
		* Tests if this Long's value differs from the specified's. This is an alias of {@link Long#notEquals}.
		* @function
		* @param {!Long|number|bigint|string} other Other value
		* @returns {boolean}
		*/
		LongPrototype.ne = LongPrototype.notEquals;
		/**
		* Tests if this Long's value is less than the specified's.
		* @this {!Long}
		* @param {!Long|number|bigint|string} other Other value
		* @returns {boolean}
		*/
		LongPrototype.lessThan = function lessThan(other) {
			return this.comp(other) < 0;
		};
		/**
		* Tests if this Long's value is less than the specified's. This is an alias of {@link Long#lessThan}.
		* @function
		* @param {!Long|number|bigint|string} other Other value
		* @returns {boolean}
		*/
		LongPrototype.lt = LongPrototype.lessThan;
		/**
		* Tests if this Long's value is less than or equal the specified's.
		* @this {!Long}
		* @param {!Long|number|bigint|string} other Other value
		* @returns {boolean}
		*/
		LongPrototype.lessThanOrEqual = function lessThanOrEqual(other) {
			return this.comp(other) <= 0;
		};
		/**
		* Tests if this Long's value is less than or equal the specified's. This is an alias of {@link Long#lessThanOrEqual}.
		* @function
		* @param {!Long|number|bigint|string} other Other value
		* @returns {boolean}
		*/
		LongPrototype.lte = LongPrototype.lessThanOrEqual;
		/**
		* Tests if this Long's value is less than or equal the specified's. This is an alias of {@link Long#lessThanOrEqual}.
		* @function
		* @param {!Long|number|bigint|string} other Other value
		* @returns {boolean}
		*/
		LongPrototype.le = LongPrototype.lessThanOrEqual;
		/**
		* Tests if this Long's value is greater than the specified's.
		* @this {!Long}
		* @param {!Long|number|bigint|string} other Other value
		* @returns {boolean}
		*/
		LongPrototype.greaterThan = function greaterThan(other) {
			return this.comp(other) > 0;
		};
		/**
		* Tests if this Long's value is greater than the specified's. This is an alias of {@link Long#greaterThan}.
		* @function
		* @param {!Long|number|bigint|string} other Other value
		* @returns {boolean}
		*/
		LongPrototype.gt = LongPrototype.greaterThan;
		/**
		* Tests if this Long's value is greater than or equal the specified's.
		* @this {!Long}
		* @param {!Long|number|bigint|string} other Other value
		* @returns {boolean}
		*/
		LongPrototype.greaterThanOrEqual = function greaterThanOrEqual(other) {
			return this.comp(other) >= 0;
		};
		/**
		* Tests if this Long's value is greater than or equal the specified's. This is an alias of {@link Long#greaterThanOrEqual}.
		* @function
		* @param {!Long|number|bigint|string} other Other value
		* @returns {boolean}
		*/
		LongPrototype.gte = LongPrototype.greaterThanOrEqual;
		/**
		* Tests if this Long's value is greater than or equal the specified's. This is an alias of {@link Long#greaterThanOrEqual}.
		* @function
		* @param {!Long|number|bigint|string} other Other value
		* @returns {boolean}
		*/
		LongPrototype.ge = LongPrototype.greaterThanOrEqual;
		/**
		* Compares this Long's value with the specified's.
		* @this {!Long}
		* @param {!Long|number|bigint|string} other Other value
		* @returns {number} 0 if they are the same, 1 if the this is greater and -1
		*  if the given one is greater
		*/
		LongPrototype.compare = function compare(other) {
			if (!isLong(other)) other = fromValue(other);
			if (this.eq(other)) return 0;
			var thisNeg = this.isNegative(), otherNeg = other.isNegative();
			if (thisNeg && !otherNeg) return -1;
			if (!thisNeg && otherNeg) return 1;
			if (!this.unsigned) return this.sub(other).isNegative() ? -1 : 1;
			return other.high >>> 0 > this.high >>> 0 || other.high === this.high && other.low >>> 0 > this.low >>> 0 ? -1 : 1;
		};
		/**
		* Compares this Long's value with the specified's. This is an alias of {@link Long#compare}.
		* @function
		* @param {!Long|number|bigint|string} other Other value
		* @returns {number} 0 if they are the same, 1 if the this is greater and -1
		*  if the given one is greater
		*/
		LongPrototype.comp = LongPrototype.compare;
		/**
		* Negates this Long's value.
		* @this {!Long}
		* @returns {!Long} Negated Long
		*/
		LongPrototype.negate = function negate() {
			if (!this.unsigned && this.eq(MIN_VALUE)) return MIN_VALUE;
			return this.not().add(ONE);
		};
		/**
		* Negates this Long's value. This is an alias of {@link Long#negate}.
		* @function
		* @returns {!Long} Negated Long
		*/
		LongPrototype.neg = LongPrototype.negate;
		/**
		* Returns the sum of this and the specified Long.
		* @this {!Long}
		* @param {!Long|number|bigint|string} addend Addend
		* @returns {!Long} Sum
		*/
		LongPrototype.add = function add(addend) {
			if (!isLong(addend)) addend = fromValue(addend);
			var a48 = this.high >>> 16;
			var a32 = this.high & 65535;
			var a16 = this.low >>> 16;
			var a00 = this.low & 65535;
			var b48 = addend.high >>> 16;
			var b32 = addend.high & 65535;
			var b16 = addend.low >>> 16;
			var b00 = addend.low & 65535;
			var c48 = 0, c32 = 0, c16 = 0, c00 = 0;
			c00 += a00 + b00;
			c16 += c00 >>> 16;
			c00 &= 65535;
			c16 += a16 + b16;
			c32 += c16 >>> 16;
			c16 &= 65535;
			c32 += a32 + b32;
			c48 += c32 >>> 16;
			c32 &= 65535;
			c48 += a48 + b48;
			c48 &= 65535;
			return fromBits(c16 << 16 | c00, c48 << 16 | c32, this.unsigned);
		};
		/**
		* Returns the difference of this and the specified Long.
		* @this {!Long}
		* @param {!Long|number|bigint|string} subtrahend Subtrahend
		* @returns {!Long} Difference
		*/
		LongPrototype.subtract = function subtract(subtrahend) {
			if (!isLong(subtrahend)) subtrahend = fromValue(subtrahend);
			return this.add(subtrahend.neg());
		};
		/**
		* Returns the difference of this and the specified Long. This is an alias of {@link Long#subtract}.
		* @function
		* @param {!Long|number|bigint|string} subtrahend Subtrahend
		* @returns {!Long} Difference
		*/
		LongPrototype.sub = LongPrototype.subtract;
		/**
		* Returns the product of this and the specified Long.
		* @this {!Long}
		* @param {!Long|number|bigint|string} multiplier Multiplier
		* @returns {!Long} Product
		*/
		LongPrototype.multiply = function multiply(multiplier) {
			if (this.isZero()) return this;
			if (!isLong(multiplier)) multiplier = fromValue(multiplier);
			if (wasm) return fromBits(wasm["mul"](this.low, this.high, multiplier.low, multiplier.high), wasm["get_high"](), this.unsigned);
			if (multiplier.isZero()) return this.unsigned ? UZERO : ZERO;
			if (this.eq(MIN_VALUE)) return multiplier.isOdd() ? MIN_VALUE : ZERO;
			if (multiplier.eq(MIN_VALUE)) return this.isOdd() ? MIN_VALUE : ZERO;
			if (this.isNegative()) {
				if (multiplier.isNegative()) return this.neg().mul(multiplier.neg());
				else return this.neg().mul(multiplier).neg();
			} else if (multiplier.isNegative()) return this.mul(multiplier.neg()).neg();
			if (this.lt(TWO_PWR_24) && multiplier.lt(TWO_PWR_24)) return fromNumber(this.toNumber() * multiplier.toNumber(), this.unsigned);
			var a48 = this.high >>> 16;
			var a32 = this.high & 65535;
			var a16 = this.low >>> 16;
			var a00 = this.low & 65535;
			var b48 = multiplier.high >>> 16;
			var b32 = multiplier.high & 65535;
			var b16 = multiplier.low >>> 16;
			var b00 = multiplier.low & 65535;
			var c48 = 0, c32 = 0, c16 = 0, c00 = 0;
			c00 += a00 * b00;
			c16 += c00 >>> 16;
			c00 &= 65535;
			c16 += a16 * b00;
			c32 += c16 >>> 16;
			c16 &= 65535;
			c16 += a00 * b16;
			c32 += c16 >>> 16;
			c16 &= 65535;
			c32 += a32 * b00;
			c48 += c32 >>> 16;
			c32 &= 65535;
			c32 += a16 * b16;
			c48 += c32 >>> 16;
			c32 &= 65535;
			c32 += a00 * b32;
			c48 += c32 >>> 16;
			c32 &= 65535;
			c48 += a48 * b00 + a32 * b16 + a16 * b32 + a00 * b48;
			c48 &= 65535;
			return fromBits(c16 << 16 | c00, c48 << 16 | c32, this.unsigned);
		};
		/**
		* Returns the product of this and the specified Long. This is an alias of {@link Long#multiply}.
		* @function
		* @param {!Long|number|bigint|string} multiplier Multiplier
		* @returns {!Long} Product
		*/
		LongPrototype.mul = LongPrototype.multiply;
		/**
		* Returns this Long divided by the specified. The result is signed if this Long is signed or
		*  unsigned if this Long is unsigned.
		* @this {!Long}
		* @param {!Long|number|bigint|string} divisor Divisor
		* @returns {!Long} Quotient
		*/
		LongPrototype.divide = function divide(divisor) {
			if (!isLong(divisor)) divisor = fromValue(divisor);
			if (divisor.isZero()) throw Error("division by zero");
			if (wasm) {
				if (!this.unsigned && this.high === -2147483648 && divisor.low === -1 && divisor.high === -1) return this;
				return fromBits((this.unsigned ? wasm["div_u"] : wasm["div_s"])(this.low, this.high, divisor.low, divisor.high), wasm["get_high"](), this.unsigned);
			}
			if (this.isZero()) return this.unsigned ? UZERO : ZERO;
			var approx, rem, res;
			if (!this.unsigned) {
				if (this.eq(MIN_VALUE)) {
					if (divisor.eq(ONE) || divisor.eq(NEG_ONE)) return MIN_VALUE;
					else if (divisor.eq(MIN_VALUE)) return ONE;
					else {
						approx = this.shr(1).div(divisor).shl(1);
						if (approx.eq(ZERO)) return divisor.isNegative() ? ONE : NEG_ONE;
						else {
							rem = this.sub(divisor.mul(approx));
							res = approx.add(rem.div(divisor));
							return res;
						}
					}
				} else if (divisor.eq(MIN_VALUE)) return this.unsigned ? UZERO : ZERO;
				if (this.isNegative()) {
					if (divisor.isNegative()) return this.neg().div(divisor.neg());
					return this.neg().div(divisor).neg();
				} else if (divisor.isNegative()) return this.div(divisor.neg()).neg();
				res = ZERO;
			} else {
				if (!divisor.unsigned) divisor = divisor.toUnsigned();
				if (divisor.gt(this)) return UZERO;
				if (divisor.gt(this.shru(1))) return UONE;
				res = UZERO;
			}
			rem = this;
			while (rem.gte(divisor)) {
				approx = Math.max(1, Math.floor(rem.toNumber() / divisor.toNumber()));
				var log2 = Math.ceil(Math.log(approx) / Math.LN2), delta = log2 <= 48 ? 1 : pow_dbl(2, log2 - 48), approxRes = fromNumber(approx), approxRem = approxRes.mul(divisor);
				while (approxRem.isNegative() || approxRem.gt(rem)) {
					approx -= delta;
					approxRes = fromNumber(approx, this.unsigned);
					approxRem = approxRes.mul(divisor);
				}
				if (approxRes.isZero()) approxRes = ONE;
				res = res.add(approxRes);
				rem = rem.sub(approxRem);
			}
			return res;
		};
		/**
		* Returns this Long divided by the specified. This is an alias of {@link Long#divide}.
		* @function
		* @param {!Long|number|bigint|string} divisor Divisor
		* @returns {!Long} Quotient
		*/
		LongPrototype.div = LongPrototype.divide;
		/**
		* Returns this Long modulo the specified.
		* @this {!Long}
		* @param {!Long|number|bigint|string} divisor Divisor
		* @returns {!Long} Remainder
		*/
		LongPrototype.modulo = function modulo(divisor) {
			if (!isLong(divisor)) divisor = fromValue(divisor);
			if (wasm) return fromBits((this.unsigned ? wasm["rem_u"] : wasm["rem_s"])(this.low, this.high, divisor.low, divisor.high), wasm["get_high"](), this.unsigned);
			return this.sub(this.div(divisor).mul(divisor));
		};
		/**
		* Returns this Long modulo the specified. This is an alias of {@link Long#modulo}.
		* @function
		* @param {!Long|number|bigint|string} divisor Divisor
		* @returns {!Long} Remainder
		*/
		LongPrototype.mod = LongPrototype.modulo;
		/**
		* Returns this Long modulo the specified. This is an alias of {@link Long#modulo}.
		* @function
		* @param {!Long|number|bigint|string} divisor Divisor
		* @returns {!Long} Remainder
		*/
		LongPrototype.rem = LongPrototype.modulo;
		/**
		* Returns the bitwise NOT of this Long.
		* @this {!Long}
		* @returns {!Long}
		*/
		LongPrototype.not = function not() {
			return fromBits(~this.low, ~this.high, this.unsigned);
		};
		/**
		* Returns count leading zeros of this Long.
		* @this {!Long}
		* @returns {!number}
		*/
		LongPrototype.countLeadingZeros = function countLeadingZeros() {
			return this.high ? Math.clz32(this.high) : Math.clz32(this.low) + 32;
		};
		/**
		* Returns count leading zeros. This is an alias of {@link Long#countLeadingZeros}.
		* @function
		* @param {!Long}
		* @returns {!number}
		*/
		LongPrototype.clz = LongPrototype.countLeadingZeros;
		/**
		* Returns count trailing zeros of this Long.
		* @this {!Long}
		* @returns {!number}
		*/
		LongPrototype.countTrailingZeros = function countTrailingZeros() {
			return this.low ? ctz32(this.low) : ctz32(this.high) + 32;
		};
		/**
		* Returns count trailing zeros. This is an alias of {@link Long#countTrailingZeros}.
		* @function
		* @param {!Long}
		* @returns {!number}
		*/
		LongPrototype.ctz = LongPrototype.countTrailingZeros;
		/**
		* Returns the bitwise AND of this Long and the specified.
		* @this {!Long}
		* @param {!Long|number|bigint|string} other Other Long
		* @returns {!Long}
		*/
		LongPrototype.and = function and(other) {
			if (!isLong(other)) other = fromValue(other);
			return fromBits(this.low & other.low, this.high & other.high, this.unsigned);
		};
		/**
		* Returns the bitwise OR of this Long and the specified.
		* @this {!Long}
		* @param {!Long|number|bigint|string} other Other Long
		* @returns {!Long}
		*/
		LongPrototype.or = function or(other) {
			if (!isLong(other)) other = fromValue(other);
			return fromBits(this.low | other.low, this.high | other.high, this.unsigned);
		};
		/**
		* Returns the bitwise XOR of this Long and the given one.
		* @this {!Long}
		* @param {!Long|number|bigint|string} other Other Long
		* @returns {!Long}
		*/
		LongPrototype.xor = function xor(other) {
			if (!isLong(other)) other = fromValue(other);
			return fromBits(this.low ^ other.low, this.high ^ other.high, this.unsigned);
		};
		/**
		* Returns this Long with bits shifted to the left by the given amount.
		* @this {!Long}
		* @param {number|!Long} numBits Number of bits
		* @returns {!Long} Shifted Long
		*/
		LongPrototype.shiftLeft = function shiftLeft(numBits) {
			if (isLong(numBits)) numBits = numBits.toInt();
			if ((numBits &= 63) === 0) return this;
			else if (numBits < 32) return fromBits(this.low << numBits, this.high << numBits | this.low >>> 32 - numBits, this.unsigned);
			else return fromBits(0, this.low << numBits - 32, this.unsigned);
		};
		/**
		* Returns this Long with bits shifted to the left by the given amount. This is an alias of {@link Long#shiftLeft}.
		* @function
		* @param {number|!Long} numBits Number of bits
		* @returns {!Long} Shifted Long
		*/
		LongPrototype.shl = LongPrototype.shiftLeft;
		/**
		* Returns this Long with bits arithmetically shifted to the right by the given amount.
		* @this {!Long}
		* @param {number|!Long} numBits Number of bits
		* @returns {!Long} Shifted Long
		*/
		LongPrototype.shiftRight = function shiftRight(numBits) {
			if (isLong(numBits)) numBits = numBits.toInt();
			if ((numBits &= 63) === 0) return this;
			else if (numBits < 32) return fromBits(this.low >>> numBits | this.high << 32 - numBits, this.high >> numBits, this.unsigned);
			else return fromBits(this.high >> numBits - 32, this.high >= 0 ? 0 : -1, this.unsigned);
		};
		/**
		* Returns this Long with bits arithmetically shifted to the right by the given amount. This is an alias of {@link Long#shiftRight}.
		* @function
		* @param {number|!Long} numBits Number of bits
		* @returns {!Long} Shifted Long
		*/
		LongPrototype.shr = LongPrototype.shiftRight;
		/**
		* Returns this Long with bits logically shifted to the right by the given amount.
		* @this {!Long}
		* @param {number|!Long} numBits Number of bits
		* @returns {!Long} Shifted Long
		*/
		LongPrototype.shiftRightUnsigned = function shiftRightUnsigned(numBits) {
			if (isLong(numBits)) numBits = numBits.toInt();
			if ((numBits &= 63) === 0) return this;
			if (numBits < 32) return fromBits(this.low >>> numBits | this.high << 32 - numBits, this.high >>> numBits, this.unsigned);
			if (numBits === 32) return fromBits(this.high, 0, this.unsigned);
			return fromBits(this.high >>> numBits - 32, 0, this.unsigned);
		};
		/**
		* Returns this Long with bits logically shifted to the right by the given amount. This is an alias of {@link Long#shiftRightUnsigned}.
		* @function
		* @param {number|!Long} numBits Number of bits
		* @returns {!Long} Shifted Long
		*/
		LongPrototype.shru = LongPrototype.shiftRightUnsigned;
		/**
		* Returns this Long with bits logically shifted to the right by the given amount. This is an alias of {@link Long#shiftRightUnsigned}.
		* @function
		* @param {number|!Long} numBits Number of bits
		* @returns {!Long} Shifted Long
		*/
		LongPrototype.shr_u = LongPrototype.shiftRightUnsigned;
		/**
		* Returns this Long with bits rotated to the left by the given amount.
		* @this {!Long}
		* @param {number|!Long} numBits Number of bits
		* @returns {!Long} Rotated Long
		*/
		LongPrototype.rotateLeft = function rotateLeft(numBits) {
			var b;
			if (isLong(numBits)) numBits = numBits.toInt();
			if ((numBits &= 63) === 0) return this;
			if (numBits === 32) return fromBits(this.high, this.low, this.unsigned);
			if (numBits < 32) {
				b = 32 - numBits;
				return fromBits(this.low << numBits | this.high >>> b, this.high << numBits | this.low >>> b, this.unsigned);
			}
			numBits -= 32;
			b = 32 - numBits;
			return fromBits(this.high << numBits | this.low >>> b, this.low << numBits | this.high >>> b, this.unsigned);
		};
		/**
		* Returns this Long with bits rotated to the left by the given amount. This is an alias of {@link Long#rotateLeft}.
		* @function
		* @param {number|!Long} numBits Number of bits
		* @returns {!Long} Rotated Long
		*/
		LongPrototype.rotl = LongPrototype.rotateLeft;
		/**
		* Returns this Long with bits rotated to the right by the given amount.
		* @this {!Long}
		* @param {number|!Long} numBits Number of bits
		* @returns {!Long} Rotated Long
		*/
		LongPrototype.rotateRight = function rotateRight(numBits) {
			var b;
			if (isLong(numBits)) numBits = numBits.toInt();
			if ((numBits &= 63) === 0) return this;
			if (numBits === 32) return fromBits(this.high, this.low, this.unsigned);
			if (numBits < 32) {
				b = 32 - numBits;
				return fromBits(this.high << b | this.low >>> numBits, this.low << b | this.high >>> numBits, this.unsigned);
			}
			numBits -= 32;
			b = 32 - numBits;
			return fromBits(this.low << b | this.high >>> numBits, this.high << b | this.low >>> numBits, this.unsigned);
		};
		/**
		* Returns this Long with bits rotated to the right by the given amount. This is an alias of {@link Long#rotateRight}.
		* @function
		* @param {number|!Long} numBits Number of bits
		* @returns {!Long} Rotated Long
		*/
		LongPrototype.rotr = LongPrototype.rotateRight;
		/**
		* Converts this Long to signed.
		* @this {!Long}
		* @returns {!Long} Signed long
		*/
		LongPrototype.toSigned = function toSigned() {
			if (!this.unsigned) return this;
			return fromBits(this.low, this.high, false);
		};
		/**
		* Converts this Long to unsigned.
		* @this {!Long}
		* @returns {!Long} Unsigned long
		*/
		LongPrototype.toUnsigned = function toUnsigned() {
			if (this.unsigned) return this;
			return fromBits(this.low, this.high, true);
		};
		/**
		* Converts this Long to its byte representation.
		* @param {boolean=} le Whether little or big endian, defaults to big endian
		* @this {!Long}
		* @returns {!Array.<number>} Byte representation
		*/
		LongPrototype.toBytes = function toBytes(le) {
			return le ? this.toBytesLE() : this.toBytesBE();
		};
		/**
		* Converts this Long to its little endian byte representation.
		* @this {!Long}
		* @returns {!Array.<number>} Little endian byte representation
		*/
		LongPrototype.toBytesLE = function toBytesLE() {
			var hi = this.high, lo = this.low;
			return [
				lo & 255,
				lo >>> 8 & 255,
				lo >>> 16 & 255,
				lo >>> 24,
				hi & 255,
				hi >>> 8 & 255,
				hi >>> 16 & 255,
				hi >>> 24
			];
		};
		/**
		* Converts this Long to its big endian byte representation.
		* @this {!Long}
		* @returns {!Array.<number>} Big endian byte representation
		*/
		LongPrototype.toBytesBE = function toBytesBE() {
			var hi = this.high, lo = this.low;
			return [
				hi >>> 24,
				hi >>> 16 & 255,
				hi >>> 8 & 255,
				hi & 255,
				lo >>> 24,
				lo >>> 16 & 255,
				lo >>> 8 & 255,
				lo & 255
			];
		};
		/**
		* Creates a Long from its byte representation.
		* @param {!Array.<number>} bytes Byte representation
		* @param {boolean=} unsigned Whether unsigned or not, defaults to signed
		* @param {boolean=} le Whether little or big endian, defaults to big endian
		* @returns {Long} The corresponding Long value
		*/
		Long.fromBytes = function fromBytes(bytes, unsigned, le) {
			return le ? Long.fromBytesLE(bytes, unsigned) : Long.fromBytesBE(bytes, unsigned);
		};
		/**
		* Creates a Long from its little endian byte representation.
		* @param {!Array.<number>} bytes Little endian byte representation
		* @param {boolean=} unsigned Whether unsigned or not, defaults to signed
		* @returns {Long} The corresponding Long value
		*/
		Long.fromBytesLE = function fromBytesLE(bytes, unsigned) {
			return new Long(bytes[0] | bytes[1] << 8 | bytes[2] << 16 | bytes[3] << 24, bytes[4] | bytes[5] << 8 | bytes[6] << 16 | bytes[7] << 24, unsigned);
		};
		/**
		* Creates a Long from its big endian byte representation.
		* @param {!Array.<number>} bytes Big endian byte representation
		* @param {boolean=} unsigned Whether unsigned or not, defaults to signed
		* @returns {Long} The corresponding Long value
		*/
		Long.fromBytesBE = function fromBytesBE(bytes, unsigned) {
			return new Long(bytes[4] << 24 | bytes[5] << 16 | bytes[6] << 8 | bytes[7], bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3], unsigned);
		};
		if (typeof BigInt === "function") {
			/**
			* Returns a Long representing the given big integer.
			* @function
			* @param {number} value The big integer value
			* @param {boolean=} unsigned Whether unsigned or not, defaults to signed
			* @returns {!Long} The corresponding Long value
			*/
			Long.fromBigInt = function fromBigInt(value, unsigned) {
				return fromBits(Number(BigInt.asIntN(32, value)), Number(BigInt.asIntN(32, value >> BigInt(32))), unsigned);
			};
			Long.fromValue = function fromValueWithBigInt(value, unsigned) {
				if (typeof value === "bigint") return Long.fromBigInt(value, unsigned);
				return fromValue(value, unsigned);
			};
			/**
			* Converts the Long to its big integer representation.
			* @this {!Long}
			* @returns {bigint}
			*/
			LongPrototype.toBigInt = function toBigInt() {
				var lowBigInt = BigInt(this.low >>> 0);
				return BigInt(this.unsigned ? this.high >>> 0 : this.high) << BigInt(32) | lowBigInt;
			};
		}
		_exports.default = Long;
	});
}));
// node_modules/protobufjs/src/util/minimal.js
var require_minimal = /* @__PURE__ */ __commonJSMin(((exports, module, this$1) => {
	var util = exports;
	util.asPromise = require_aspromise();
	util.base64 = require_base64();
	util.EventEmitter = require_eventemitter();
	util.float = require_float();
	util.utf8 = require_utf8();
	util.pool = require_pool();
	util.LongBits = require_longbits();
	/**
	* Tests if the specified key can affect object prototypes.
	* @memberof util
	* @param {string} key Key to test
	* @returns {boolean} `true` if the key is unsafe
	*/
	function isUnsafeProperty(key) {
		return key === "__proto__" || key === "prototype" || key === "constructor";
	}
	util.isUnsafeProperty = isUnsafeProperty;
	/**
	* Whether running within node or not.
	* @memberof util
	* @type {boolean}
	*/
	util.isNode = Boolean(typeof global !== "undefined" && global && global.process && global.process.versions && global.process.versions.node);
	/**
	* Global object reference.
	* @memberof util
	* @type {Object}
	*/
	util.global = util.isNode && global || typeof window !== "undefined" && window || typeof self !== "undefined" && self || this$1;
	/**
	* An immuable empty array.
	* @memberof util
	* @type {Array.<*>}
	* @const
	*/
	util.emptyArray = Object.freeze ? Object.freeze([]) : /* istanbul ignore next */ [];
	/**
	* An immutable empty object.
	* @type {Object}
	* @const
	*/
	util.emptyObject = Object.freeze ? Object.freeze({}) : /* istanbul ignore next */ {};
	/**
	* Tests if the specified value is an integer.
	* @function
	* @param {*} value Value to test
	* @returns {boolean} `true` if the value is an integer
	*/
	util.isInteger = Number.isInteger || /* istanbul ignore next */ function isInteger(value) {
		return typeof value === "number" && isFinite(value) && Math.floor(value) === value;
	};
	/**
	* Tests if the specified value is a string.
	* @param {*} value Value to test
	* @returns {boolean} `true` if the value is a string
	*/
	util.isString = function isString(value) {
		return typeof value === "string" || value instanceof String;
	};
	/**
	* Tests if the specified value is a non-null object.
	* @param {*} value Value to test
	* @returns {boolean} `true` if the value is a non-null object
	*/
	util.isObject = function isObject(value) {
		return value && typeof value === "object";
	};
	/**
	* Checks if a property on a message is considered to be present.
	* This is an alias of {@link util.isSet}.
	* @function
	* @param {Object} obj Plain object or message instance
	* @param {string} prop Property name
	* @returns {boolean} `true` if considered to be present, otherwise `false`
	*/
	util.isset = util.isSet = function isSet(obj, prop) {
		var value = obj[prop];
		if (value != null && Object.hasOwnProperty.call(obj, prop)) return typeof value !== "object" || (Array.isArray(value) ? value.length : Object.keys(value).length) > 0;
		return false;
	};
	/**
	* Any compatible Buffer instance.
	* This is a minimal stand-alone definition of a Buffer instance. The actual type is that exported by node's typings.
	* @interface Buffer
	* @extends Uint8Array
	*/
	/**
	* Node's Buffer class if available.
	* @type {Constructor<Buffer>}
	*/
	util.Buffer = (function() {
		try {
			var Buffer = util.global.Buffer;
			return Buffer.prototype.utf8Write ? Buffer : /* istanbul ignore next */ null;
		} catch (e) {
			/* istanbul ignore next */
			return null;
		}
	})();
	util._Buffer_from = null;
	util._Buffer_allocUnsafe = null;
	/**
	* Creates a new buffer of whatever type supported by the environment.
	* @param {number|number[]} [sizeOrArray=0] Buffer size or number array
	* @returns {Uint8Array|Buffer} Buffer
	*/
	util.newBuffer = function newBuffer(sizeOrArray) {
		/* istanbul ignore next */
		return typeof sizeOrArray === "number" ? util.Buffer ? util._Buffer_allocUnsafe(sizeOrArray) : new util.Array(sizeOrArray) : util.Buffer ? util._Buffer_from(sizeOrArray) : typeof Uint8Array === "undefined" ? sizeOrArray : new Uint8Array(sizeOrArray);
	};
	/**
	* Array implementation used in the browser. `Uint8Array` if supported, otherwise `Array`.
	* @type {Constructor<Uint8Array>}
	*/
	util.Array = typeof Uint8Array !== "undefined" ? Uint8Array : Array;
	/**
	* Any compatible Long instance.
	* This is a minimal stand-alone definition of a Long instance. The actual type is that exported by long.js.
	* @interface Long
	* @property {number} low Low bits
	* @property {number} high High bits
	* @property {boolean} unsigned Whether unsigned or not
	*/
	/**
	* Long.js's Long class if available.
	* @type {Constructor<Long>}
	*/
	util.Long = util.global.dcodeIO && /* istanbul ignore next */ util.global.dcodeIO.Long || /* istanbul ignore next */ util.global.Long || (function() {
		try {
			var Long = require_umd();
			return Long && Long.isLong ? Long : null;
		} catch (e) {
			/* istanbul ignore next */
			return null;
		}
	})();
	/**
	* Regular expression used to verify 2 bit (`bool`) map keys.
	* @type {RegExp}
	* @const
	*/
	util.key2Re = /^true|false|0|1$/;
	/**
	* Regular expression used to verify 32 bit (`int32` etc.) map keys.
	* @type {RegExp}
	* @const
	*/
	util.key32Re = /^-?(?:0|[1-9][0-9]*)$/;
	/**
	* Regular expression used to verify 64 bit (`int64` etc.) map keys.
	* @type {RegExp}
	* @const
	*/
	util.key64Re = /^(?:[\\x00-\\xff]{8}|-?(?:0|[1-9][0-9]*))$/;
	/**
	* Converts a number or long to an 8 characters long hash string.
	* @param {Long|number} value Value to convert
	* @returns {string} Hash
	*/
	util.longToHash = function longToHash(value) {
		return value ? util.LongBits.from(value).toHash() : util.LongBits.zeroHash;
	};
	/**
	* Converts an 8 characters long hash string to a long or number.
	* @param {string} hash Hash
	* @param {boolean} [unsigned=false] Whether unsigned or not
	* @returns {Long|number} Original value
	*/
	util.longFromHash = function longFromHash(hash, unsigned) {
		var bits = util.LongBits.fromHash(hash);
		if (util.Long) return util.Long.fromBits(bits.lo, bits.hi, unsigned);
		return bits.toNumber(Boolean(unsigned));
	};
	/**
	* Merges the properties of the source object into the destination object.
	* @memberof util
	* @param {Object.<string,*>} dst Destination object
	* @param {...(Object.<string,*>|boolean)} src Source objects, optionally followed by an `ifNotSet` flag
	* @returns {Object.<string,*>} Destination object
	*/
	function merge(dst) {
		var ifNotSet = typeof arguments[arguments.length - 1] === "boolean", limit = ifNotSet ? arguments.length - 1 : arguments.length;
		ifNotSet = ifNotSet && arguments[arguments.length - 1];
		for (var a = 1; a < limit; ++a) {
			var src = arguments[a];
			if (!src) continue;
			for (var keys = Object.keys(src), i = 0; i < keys.length; ++i) if (!isUnsafeProperty(keys[i]) && (dst[keys[i]] === void 0 || !ifNotSet)) dst[keys[i]] = src[keys[i]];
		}
		return dst;
	}
	util.merge = merge;
	/**
	* Schema declaration nesting limit.
	* @memberof util
	* @type {number}
	*/
	util.nestingLimit = 32;
	/**
	* Recursion limit.
	* @memberof util
	* @type {number}
	*/
	util.recursionLimit = 100;
	/**
	* Makes a property safe for assignment as an own property.
	* @memberof util
	* @param {Object.<string,*>} obj Object
	* @param {string} key Property key
	* @returns {undefined}
	*/
	util.makeProp = function makeProp(obj, key) {
		Object.defineProperty(obj, key, {
			enumerable: true,
			configurable: true,
			writable: true
		});
	};
	/**
	* Converts the first character of a string to lower case.
	* @param {string} str String to convert
	* @returns {string} Converted string
	*/
	util.lcFirst = function lcFirst(str) {
		return str.charAt(0).toLowerCase() + str.substring(1);
	};
	/**
	* Creates a custom error constructor.
	* @memberof util
	* @param {string} name Error name
	* @returns {Constructor<Error>} Custom error constructor
	*/
	function newError(name) {
		function CustomError(message, properties) {
			if (!(this instanceof CustomError)) return new CustomError(message, properties);
			Object.defineProperty(this, "message", { get: function() {
				return message;
			} });
			/* istanbul ignore next */
			if (Error.captureStackTrace) Error.captureStackTrace(this, CustomError);
			else Object.defineProperty(this, "stack", { value: (/* @__PURE__ */ new Error()).stack || "" });
			if (properties) merge(this, properties);
		}
		CustomError.prototype = Object.create(Error.prototype, {
			constructor: {
				value: CustomError,
				writable: true,
				enumerable: false,
				configurable: true
			},
			name: {
				get: function get() {
					return name;
				},
				set: void 0,
				enumerable: false,
				configurable: true
			},
			toString: {
				value: function value() {
					return this.name + ": " + this.message;
				},
				writable: true,
				enumerable: false,
				configurable: true
			}
		});
		return CustomError;
	}
	util.newError = newError;
	/**
	* Constructs a new protocol error.
	* @classdesc Error subclass indicating a protocol specifc error.
	* @memberof util
	* @extends Error
	* @template T extends Message<T>
	* @constructor
	* @param {string} message Error message
	* @param {Object.<string,*>} [properties] Additional properties
	* @example
	* try {
	*     MyMessage.decode(someBuffer); // throws if required fields are missing
	* } catch (e) {
	*     if (e instanceof ProtocolError && e.instance)
	*         console.log("decoded so far: " + JSON.stringify(e.instance));
	* }
	*/
	util.ProtocolError = newError("ProtocolError");
	/**
	* So far decoded message instance.
	* @name util.ProtocolError#instance
	* @type {Message<T>}
	*/
	/**
	* A OneOf getter as returned by {@link util.oneOfGetter}.
	* @typedef OneOfGetter
	* @type {function}
	* @returns {string|undefined} Set field name, if any
	*/
	/**
	* Builds a getter for a oneof's present field name.
	* @param {string[]} fieldNames Field names
	* @returns {OneOfGetter} Unbound getter
	*/
	util.oneOfGetter = function getOneOf(fieldNames) {
		var fieldMap = {};
		for (var i = 0; i < fieldNames.length; ++i) fieldMap[fieldNames[i]] = 1;
		/**
		* @returns {string|undefined} Set field name, if any
		* @this Object
		* @ignore
		*/
		return function() {
			for (var keys = Object.keys(this), i = keys.length - 1; i > -1; --i) if (fieldMap[keys[i]] === 1 && this[keys[i]] !== void 0 && this[keys[i]] !== null) return keys[i];
		};
	};
	/**
	* A OneOf setter as returned by {@link util.oneOfSetter}.
	* @typedef OneOfSetter
	* @type {function}
	* @param {string|undefined} value Field name
	* @returns {undefined}
	*/
	/**
	* Builds a setter for a oneof's present field name.
	* @param {string[]} fieldNames Field names
	* @returns {OneOfSetter} Unbound setter
	*/
	util.oneOfSetter = function setOneOf(fieldNames) {
		/**
		* @param {string} name Field name
		* @returns {undefined}
		* @this Object
		* @ignore
		*/
		return function(name) {
			for (var i = 0; i < fieldNames.length; ++i) if (fieldNames[i] !== name) delete this[fieldNames[i]];
		};
	};
	/**
	* Default conversion options used for {@link Message#toJSON} implementations.
	*
	* These options are close to proto3's JSON mapping with the exception that internal types like Any are handled just like messages. More precisely:
	*
	* - Longs become strings
	* - Enums become string keys
	* - Bytes become base64 encoded strings
	* - (Sub-)Messages become plain objects
	* - Maps become plain objects with all string keys
	* - Repeated fields become arrays
	* - NaN and Infinity for float and double fields become strings
	*
	* @type {IConversionOptions}
	* @see https://developers.google.com/protocol-buffers/docs/proto3?hl=en#json
	*/
	util.toJSONOptions = {
		longs: String,
		enums: String,
		bytes: String,
		json: true
	};
	util._configure = function() {
		var Buffer = util.Buffer;
		/* istanbul ignore if */
		if (!Buffer) {
			util._Buffer_from = util._Buffer_allocUnsafe = null;
			return;
		}
		util._Buffer_from = Buffer.from !== Uint8Array.from && Buffer.from || 
		/* istanbul ignore next */
		function Buffer_from(value, encoding) {
			return new Buffer(value, encoding);
		};
		util._Buffer_allocUnsafe = Buffer.allocUnsafe || 
		/* istanbul ignore next */
		function Buffer_allocUnsafe(size) {
			return new Buffer(size);
		};
	};
}));
// node_modules/protobufjs/src/writer.js
var require_writer = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = Writer;
	var util = require_minimal();
	var BufferWriter;
	var LongBits = util.LongBits;
	var base64 = util.base64;
	var utf8 = util.utf8;
	/**
	* Constructs a new writer operation instance.
	* @classdesc Scheduled writer operation.
	* @constructor
	* @param {function(*, Uint8Array, number)} fn Function to call
	* @param {number} len Value byte length
	* @param {*} val Value to write
	* @ignore
	*/
	function Op(fn, len, val) {
		/**
		* Function to call.
		* @type {function(Uint8Array, number, *)}
		*/
		this.fn = fn;
		/**
		* Value byte length.
		* @type {number}
		*/
		this.len = len;
		/**
		* Next operation.
		* @type {Writer.Op|undefined}
		*/
		this.next = void 0;
		/**
		* Value to write.
		* @type {*}
		*/
		this.val = val;
	}
	/* istanbul ignore next */
	function noop() {}
	/**
	* Constructs a new writer state instance.
	* @classdesc Copied writer state.
	* @memberof Writer
	* @constructor
	* @param {Writer} writer Writer to copy state from
	* @ignore
	*/
	function State(writer) {
		/**
		* Current head.
		* @type {Writer.Op}
		*/
		this.head = writer.head;
		/**
		* Current tail.
		* @type {Writer.Op}
		*/
		this.tail = writer.tail;
		/**
		* Current buffer length.
		* @type {number}
		*/
		this.len = writer.len;
		/**
		* Next state.
		* @type {State|null}
		*/
		this.next = writer.states;
	}
	/**
	* Constructs a new writer instance.
	* @classdesc Wire format writer using `Uint8Array` if available, otherwise `Array`.
	* @constructor
	*/
	function Writer() {
		/**
		* Current length.
		* @type {number}
		*/
		this.len = 0;
		/**
		* Operations head.
		* @type {Object}
		*/
		this.head = new Op(noop, 0, 0);
		/**
		* Operations tail
		* @type {Object}
		*/
		this.tail = this.head;
		/**
		* Linked forked states.
		* @type {Object|null}
		*/
		this.states = null;
	}
	var create = function create() {
		return util.Buffer ? function create_buffer_setup() {
			return (Writer.create = function create_buffer() {
				return new BufferWriter();
			})();
		} : function create_array() {
			return new Writer();
		};
	};
	/**
	* Creates a new writer.
	* @function
	* @returns {BufferWriter|Writer} A {@link BufferWriter} when Buffers are supported, otherwise a {@link Writer}
	*/
	Writer.create = create();
	/**
	* Allocates a buffer of the specified size.
	* @param {number} size Buffer size
	* @returns {Uint8Array} Buffer
	*/
	Writer.alloc = function alloc(size) {
		return new util.Array(size);
	};
	/* istanbul ignore else */
	if (util.Array !== Array) Writer.alloc = util.pool(Writer.alloc, util.Array.prototype.subarray);
	/**
	* Pushes a new operation to the queue.
	* @param {function(Uint8Array, number, *)} fn Function to call
	* @param {number} len Value byte length
	* @param {number} val Value to write
	* @returns {Writer} `this`
	* @private
	*/
	Writer.prototype._push = function push(fn, len, val) {
		this.tail = this.tail.next = new Op(fn, len, val);
		this.len += len;
		return this;
	};
	function writeByte(val, buf, pos) {
		buf[pos] = val & 255;
	}
	function writeVarint32(val, buf, pos) {
		while (val > 127) {
			buf[pos++] = val & 127 | 128;
			val >>>= 7;
		}
		buf[pos] = val;
	}
	/**
	* Constructs a new varint writer operation instance.
	* @classdesc Scheduled varint writer operation.
	* @extends Op
	* @constructor
	* @param {number} len Value byte length
	* @param {number} val Value to write
	* @ignore
	*/
	function VarintOp(len, val) {
		this.len = len;
		this.next = void 0;
		this.val = val;
	}
	VarintOp.prototype = Object.create(Op.prototype);
	VarintOp.prototype.fn = writeVarint32;
	/**
	* Writes an unsigned 32 bit value as a varint.
	* @param {number} value Value to write
	* @returns {Writer} `this`
	*/
	Writer.prototype.uint32 = function write_uint32(value) {
		this.len += (this.tail = this.tail.next = new VarintOp((value = value >>> 0) < 128 ? 1 : value < 16384 ? 2 : value < 2097152 ? 3 : value < 268435456 ? 4 : 5, value)).len;
		return this;
	};
	/**
	* Writes a signed 32 bit value as a varint.
	* @function
	* @param {number} value Value to write
	* @returns {Writer} `this`
	*/
	Writer.prototype.int32 = function write_int32(value) {
		return (value |= 0) < 0 ? this._push(writeVarint64, 10, LongBits.fromNumber(value)) : this.uint32(value);
	};
	/**
	* Writes a 32 bit value as a varint, zig-zag encoded.
	* @param {number} value Value to write
	* @returns {Writer} `this`
	*/
	Writer.prototype.sint32 = function write_sint32(value) {
		return this.uint32((value << 1 ^ value >> 31) >>> 0);
	};
	function writeVarint64(val, buf, pos) {
		var lo = val.lo, hi = val.hi;
		while (hi) {
			buf[pos++] = lo & 127 | 128;
			lo = (lo >>> 7 | hi << 25) >>> 0;
			hi >>>= 7;
		}
		while (lo > 127) {
			buf[pos++] = lo & 127 | 128;
			lo = lo >>> 7;
		}
		buf[pos++] = lo;
	}
	/**
	* Writes an unsigned 64 bit value as a varint.
	* @param {Long|number|string} value Value to write
	* @returns {Writer} `this`
	* @throws {TypeError} If `value` is a string and no long library is present.
	*/
	Writer.prototype.uint64 = function write_uint64(value) {
		var bits = LongBits.from(value);
		return this._push(writeVarint64, bits.length(), bits);
	};
	/**
	* Writes a signed 64 bit value as a varint.
	* @function
	* @param {Long|number|string} value Value to write
	* @returns {Writer} `this`
	* @throws {TypeError} If `value` is a string and no long library is present.
	*/
	Writer.prototype.int64 = Writer.prototype.uint64;
	/**
	* Writes a signed 64 bit value as a varint, zig-zag encoded.
	* @param {Long|number|string} value Value to write
	* @returns {Writer} `this`
	* @throws {TypeError} If `value` is a string and no long library is present.
	*/
	Writer.prototype.sint64 = function write_sint64(value) {
		var bits = LongBits.from(value).zzEncode();
		return this._push(writeVarint64, bits.length(), bits);
	};
	/**
	* Writes a boolish value as a varint.
	* @param {boolean} value Value to write
	* @returns {Writer} `this`
	*/
	Writer.prototype.bool = function write_bool(value) {
		return this._push(writeByte, 1, value ? 1 : 0);
	};
	function writeFixed32(val, buf, pos) {
		buf[pos] = val & 255;
		buf[pos + 1] = val >>> 8 & 255;
		buf[pos + 2] = val >>> 16 & 255;
		buf[pos + 3] = val >>> 24;
	}
	/**
	* Writes an unsigned 32 bit value as fixed 32 bits.
	* @param {number} value Value to write
	* @returns {Writer} `this`
	*/
	Writer.prototype.fixed32 = function write_fixed32(value) {
		return this._push(writeFixed32, 4, value >>> 0);
	};
	/**
	* Writes a signed 32 bit value as fixed 32 bits.
	* @function
	* @param {number} value Value to write
	* @returns {Writer} `this`
	*/
	Writer.prototype.sfixed32 = Writer.prototype.fixed32;
	/**
	* Writes an unsigned 64 bit value as fixed 64 bits.
	* @param {Long|number|string} value Value to write
	* @returns {Writer} `this`
	* @throws {TypeError} If `value` is a string and no long library is present.
	*/
	Writer.prototype.fixed64 = function write_fixed64(value) {
		var bits = LongBits.from(value);
		return this._push(writeFixed32, 4, bits.lo)._push(writeFixed32, 4, bits.hi);
	};
	/**
	* Writes a signed 64 bit value as fixed 64 bits.
	* @function
	* @param {Long|number|string} value Value to write
	* @returns {Writer} `this`
	* @throws {TypeError} If `value` is a string and no long library is present.
	*/
	Writer.prototype.sfixed64 = Writer.prototype.fixed64;
	/**
	* Writes a float (32 bit).
	* @function
	* @param {number} value Value to write
	* @returns {Writer} `this`
	*/
	Writer.prototype.float = function write_float(value) {
		return this._push(util.float.writeFloatLE, 4, value);
	};
	/**
	* Writes a double (64 bit float).
	* @function
	* @param {number} value Value to write
	* @returns {Writer} `this`
	*/
	Writer.prototype.double = function write_double(value) {
		return this._push(util.float.writeDoubleLE, 8, value);
	};
	var writeBytes = util.Array.prototype.set ? function writeBytes_set(val, buf, pos) {
		buf.set(val, pos);
	} : function writeBytes_for(val, buf, pos) {
		for (var i = 0; i < val.length; ++i) buf[pos + i] = val[i];
	};
	/**
	* Writes a sequence of bytes.
	* @param {Uint8Array|string} value Buffer or base64 encoded string to write
	* @returns {Writer} `this`
	*/
	Writer.prototype.bytes = function write_bytes(value) {
		var len = value.length >>> 0;
		if (!len) return this._push(writeByte, 1, 0);
		if (util.isString(value)) {
			var buf = Writer.alloc(len = base64.length(value));
			base64.decode(value, buf, 0);
			value = buf;
		}
		return this.uint32(len)._push(writeBytes, len, value);
	};
	/**
	* Writes a string.
	* @param {string} value Value to write
	* @returns {Writer} `this`
	*/
	Writer.prototype.string = function write_string(value) {
		var len = utf8.length(value);
		return len ? this.uint32(len)._push(utf8.write, len, value) : this._push(writeByte, 1, 0);
	};
	/**
	* Forks this writer's state by pushing it to a stack.
	* Calling {@link Writer#reset|reset} or {@link Writer#ldelim|ldelim} resets the writer to the previous state.
	* @returns {Writer} `this`
	*/
	Writer.prototype.fork = function fork() {
		this.states = new State(this);
		this.head = this.tail = new Op(noop, 0, 0);
		this.len = 0;
		return this;
	};
	/**
	* Resets this instance to the last state.
	* @returns {Writer} `this`
	*/
	Writer.prototype.reset = function reset() {
		if (this.states) {
			this.head = this.states.head;
			this.tail = this.states.tail;
			this.len = this.states.len;
			this.states = this.states.next;
		} else {
			this.head = this.tail = new Op(noop, 0, 0);
			this.len = 0;
		}
		return this;
	};
	/**
	* Resets to the last state and appends the fork state's current write length as a varint followed by its operations.
	* @returns {Writer} `this`
	*/
	Writer.prototype.ldelim = function ldelim() {
		var head = this.head, tail = this.tail, len = this.len;
		this.reset().uint32(len);
		if (len) {
			this.tail.next = head.next;
			this.tail = tail;
			this.len += len;
		}
		return this;
	};
	/**
	* Finishes the write operation.
	* @returns {Uint8Array} Finished buffer
	*/
	Writer.prototype.finish = function finish() {
		var head = this.head.next, buf = this.constructor.alloc(this.len), pos = 0;
		while (head) {
			head.fn(head.val, buf, pos);
			pos += head.len;
			head = head.next;
		}
		return buf;
	};
	Writer._configure = function(BufferWriter_) {
		BufferWriter = BufferWriter_;
		Writer.create = create();
		BufferWriter._configure();
	};
}));
// node_modules/protobufjs/src/writer_buffer.js
var require_writer_buffer = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = BufferWriter;
	var Writer = require_writer();
	(BufferWriter.prototype = Object.create(Writer.prototype)).constructor = BufferWriter;
	var util = require_minimal();
	/**
	* Constructs a new buffer writer instance.
	* @classdesc Wire format writer using node buffers.
	* @extends Writer
	* @constructor
	*/
	function BufferWriter() {
		Writer.call(this);
	}
	BufferWriter._configure = function() {
		/**
		* Allocates a buffer of the specified size.
		* @function
		* @param {number} size Buffer size
		* @returns {Buffer} Buffer
		*/
		BufferWriter.alloc = util._Buffer_allocUnsafe;
		BufferWriter.writeBytesBuffer = util.Buffer && util.Buffer.prototype instanceof Uint8Array && util.Buffer.prototype.set.name === "set" ? function writeBytesBuffer_set(val, buf, pos) {
			buf.set(val, pos);
		} : function writeBytesBuffer_copy(val, buf, pos) {
			if (val.copy) val.copy(buf, pos, 0, val.length);
			else for (var i = 0; i < val.length;) buf[pos++] = val[i++];
		};
	};
	/**
	* @override
	*/
	BufferWriter.prototype.bytes = function write_bytes_buffer(value) {
		if (util.isString(value)) value = util._Buffer_from(value, "base64");
		var len = value.length >>> 0;
		this.uint32(len);
		if (len) this._push(BufferWriter.writeBytesBuffer, len, value);
		return this;
	};
	function writeStringBuffer(val, buf, pos) {
		if (val.length < 40) util.utf8.write(val, buf, pos);
		else if (buf.utf8Write) buf.utf8Write(val, pos);
		else buf.write(val, pos);
	}
	/**
	* @override
	*/
	BufferWriter.prototype.string = function write_string_buffer(value) {
		var len = util.Buffer.byteLength(value);
		this.uint32(len);
		if (len) this._push(writeStringBuffer, len, value);
		return this;
	};
	/**
	* Finishes the write operation.
	* @name BufferWriter#finish
	* @function
	* @returns {Buffer} Finished buffer
	*/
	BufferWriter._configure();
}));
// node_modules/protobufjs/src/reader.js
var require_reader = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = Reader;
	var util = require_minimal();
	var BufferReader;
	var LongBits = util.LongBits;
	var utf8 = util.utf8;
	/* istanbul ignore next */
	function indexOutOfRange(reader, writeLength) {
		return RangeError("index out of range: " + reader.pos + " + " + (writeLength || 1) + " > " + reader.len);
	}
	/**
	* Constructs a new reader instance using the specified buffer.
	* @classdesc Wire format reader using `Uint8Array` if available, otherwise `Array`.
	* @constructor
	* @param {Uint8Array} buffer Buffer to read from
	*/
	function Reader(buffer) {
		/**
		* Read buffer.
		* @type {Uint8Array}
		*/
		this.buf = buffer;
		/**
		* Read buffer position.
		* @type {number}
		*/
		this.pos = 0;
		/**
		* Read buffer length.
		* @type {number}
		*/
		this.len = buffer.length;
	}
	var create_array = typeof Uint8Array !== "undefined" ? function create_typed_array(buffer) {
		if (buffer instanceof Uint8Array || Array.isArray(buffer)) return new Reader(buffer);
		throw Error("illegal buffer");
	} : function create_array(buffer) {
		if (Array.isArray(buffer)) return new Reader(buffer);
		throw Error("illegal buffer");
	};
	var create = function create() {
		return util.Buffer ? function create_buffer_setup(buffer) {
			return (Reader.create = function create_buffer(buffer) {
				return util.Buffer.isBuffer(buffer) ? new BufferReader(buffer) : create_array(buffer);
			})(buffer);
		} : create_array;
	};
	/**
	* Creates a new reader using the specified buffer.
	* @function
	* @param {Uint8Array|Buffer} buffer Buffer to read from
	* @returns {Reader|BufferReader} A {@link BufferReader} if `buffer` is a Buffer, otherwise a {@link Reader}
	* @throws {Error} If `buffer` is not a valid buffer
	*/
	Reader.create = create();
	Reader.prototype._slice = util.Array.prototype.subarray || /* istanbul ignore next */ util.Array.prototype.slice;
	function readVarint32NearEnd(reader) {
		var value = 0;
		for (var i = 0; i < 4; ++i) {
			if (reader.pos >= reader.len) throw indexOutOfRange(reader);
			var b = reader.buf[reader.pos++];
			value = (value | (b & 127) << i * 7) >>> 0;
			if (b < 128) return value;
		}
		throw indexOutOfRange(reader);
	}
	/**
	* Reads a varint as an unsigned 32 bit value.
	* @function
	* @returns {number} Value read
	*/
	Reader.prototype.uint32 = (function read_uint32_setup() {
		var value = 4294967295;
		return function read_uint32() {
			if (this.len - this.pos < 5) {
				if (this.pos >= this.len) throw indexOutOfRange(this);
				if (this.buf[this.pos] >= 128) return readVarint32NearEnd(this);
			}
			value = (this.buf[this.pos] & 127) >>> 0;
			if (this.buf[this.pos++] < 128) return value;
			value = (value | (this.buf[this.pos] & 127) << 7) >>> 0;
			if (this.buf[this.pos++] < 128) return value;
			value = (value | (this.buf[this.pos] & 127) << 14) >>> 0;
			if (this.buf[this.pos++] < 128) return value;
			value = (value | (this.buf[this.pos] & 127) << 21) >>> 0;
			if (this.buf[this.pos++] < 128) return value;
			value = (value | (this.buf[this.pos] & 15) << 28) >>> 0;
			if (this.buf[this.pos++] < 128) return value;
			/* istanbul ignore if */
			if ((this.pos += 5) > this.len) {
				this.pos = this.len;
				throw indexOutOfRange(this, 10);
			}
			return value;
		};
	})();
	/**
	* Reads a varint as a signed 32 bit value.
	* @returns {number} Value read
	*/
	Reader.prototype.int32 = function read_int32() {
		return this.uint32() | 0;
	};
	/**
	* Reads a zig-zag encoded varint as a signed 32 bit value.
	* @returns {number} Value read
	*/
	Reader.prototype.sint32 = function read_sint32() {
		var value = this.uint32();
		return value >>> 1 ^ -(value & 1) | 0;
	};
	function readLongVarint() {
		var bits = new LongBits(0, 0);
		var i = 0;
		if (this.len - this.pos > 4) {
			for (; i < 4; ++i) {
				bits.lo = (bits.lo | (this.buf[this.pos] & 127) << i * 7) >>> 0;
				if (this.buf[this.pos++] < 128) return bits;
			}
			bits.lo = (bits.lo | (this.buf[this.pos] & 127) << 28) >>> 0;
			bits.hi = (bits.hi | (this.buf[this.pos] & 127) >> 4) >>> 0;
			if (this.buf[this.pos++] < 128) return bits;
			i = 0;
		} else {
			for (; i < 3; ++i) {
				/* istanbul ignore if */
				if (this.pos >= this.len) throw indexOutOfRange(this);
				bits.lo = (bits.lo | (this.buf[this.pos] & 127) << i * 7) >>> 0;
				if (this.buf[this.pos++] < 128) return bits;
			}
			bits.lo = (bits.lo | (this.buf[this.pos++] & 127) << i * 7) >>> 0;
			return bits;
		}
		if (this.len - this.pos > 4) for (; i < 5; ++i) {
			bits.hi = (bits.hi | (this.buf[this.pos] & 127) << i * 7 + 3) >>> 0;
			if (this.buf[this.pos++] < 128) return bits;
		}
		else for (; i < 5; ++i) {
			/* istanbul ignore if */
			if (this.pos >= this.len) throw indexOutOfRange(this);
			bits.hi = (bits.hi | (this.buf[this.pos] & 127) << i * 7 + 3) >>> 0;
			if (this.buf[this.pos++] < 128) return bits;
		}
		/* istanbul ignore next */
		throw Error("invalid varint encoding");
	}
	/**
	* Reads a varint as a signed 64 bit value.
	* @name Reader#int64
	* @function
	* @returns {Long} Value read
	*/
	/**
	* Reads a varint as an unsigned 64 bit value.
	* @name Reader#uint64
	* @function
	* @returns {Long} Value read
	*/
	/**
	* Reads a zig-zag encoded varint as a signed 64 bit value.
	* @name Reader#sint64
	* @function
	* @returns {Long} Value read
	*/
	/**
	* Reads a varint as a boolean.
	* @returns {boolean} Value read
	*/
	Reader.prototype.bool = function read_bool() {
		return this.uint32() !== 0;
	};
	function readFixed32_end(buf, end) {
		return (buf[end - 4] | buf[end - 3] << 8 | buf[end - 2] << 16 | buf[end - 1] << 24) >>> 0;
	}
	/**
	* Reads fixed 32 bits as an unsigned 32 bit integer.
	* @returns {number} Value read
	*/
	Reader.prototype.fixed32 = function read_fixed32() {
		/* istanbul ignore if */
		if (this.pos + 4 > this.len) throw indexOutOfRange(this, 4);
		return readFixed32_end(this.buf, this.pos += 4);
	};
	/**
	* Reads fixed 32 bits as a signed 32 bit integer.
	* @returns {number} Value read
	*/
	Reader.prototype.sfixed32 = function read_sfixed32() {
		/* istanbul ignore if */
		if (this.pos + 4 > this.len) throw indexOutOfRange(this, 4);
		return readFixed32_end(this.buf, this.pos += 4) | 0;
	};
	function readFixed64() {
		/* istanbul ignore if */
		if (this.pos + 8 > this.len) throw indexOutOfRange(this, 8);
		return new LongBits(readFixed32_end(this.buf, this.pos += 4), readFixed32_end(this.buf, this.pos += 4));
	}
	/**
	* Reads fixed 64 bits.
	* @name Reader#fixed64
	* @function
	* @returns {Long} Value read
	*/
	/**
	* Reads zig-zag encoded fixed 64 bits.
	* @name Reader#sfixed64
	* @function
	* @returns {Long} Value read
	*/
	/**
	* Reads a float (32 bit) as a number.
	* @function
	* @returns {number} Value read
	*/
	Reader.prototype.float = function read_float() {
		/* istanbul ignore if */
		if (this.pos + 4 > this.len) throw indexOutOfRange(this, 4);
		var value = util.float.readFloatLE(this.buf, this.pos);
		this.pos += 4;
		return value;
	};
	/**
	* Reads a double (64 bit float) as a number.
	* @function
	* @returns {number} Value read
	*/
	Reader.prototype.double = function read_double() {
		/* istanbul ignore if */
		if (this.pos + 8 > this.len) throw indexOutOfRange(this, 4);
		var value = util.float.readDoubleLE(this.buf, this.pos);
		this.pos += 8;
		return value;
	};
	/**
	* Reads a sequence of bytes preceeded by its length as a varint.
	* @returns {Uint8Array} Value read
	*/
	Reader.prototype.bytes = function read_bytes() {
		var length = this.uint32(), start = this.pos, end = this.pos + length;
		/* istanbul ignore if */
		if (end > this.len) throw indexOutOfRange(this, length);
		this.pos += length;
		if (Array.isArray(this.buf)) return this.buf.slice(start, end);
		if (start === end) {
			var nativeBuffer = util.Buffer;
			return nativeBuffer ? nativeBuffer.alloc(0) : new this.buf.constructor(0);
		}
		return this._slice.call(this.buf, start, end);
	};
	/**
	* Reads a string preceeded by its byte length as a varint.
	* @returns {string} Value read
	*/
	Reader.prototype.string = function read_string() {
		var bytes = this.bytes();
		return utf8.read(bytes, 0, bytes.length);
	};
	/**
	* Skips the specified number of bytes if specified, otherwise skips a varint.
	* @param {number} [length] Length if known, otherwise a varint is assumed
	* @returns {Reader} `this`
	*/
	Reader.prototype.skip = function skip(length) {
		if (typeof length === "number") {
			/* istanbul ignore if */
			if (this.pos + length > this.len) throw indexOutOfRange(this, length);
			this.pos += length;
		} else do
			/* istanbul ignore if */
			if (this.pos >= this.len) throw indexOutOfRange(this);
		while (this.buf[this.pos++] & 128);
		return this;
	};
	/**
	* Recursion limit.
	* @type {number}
	*/
	Reader.recursionLimit = util.recursionLimit;
	/**
	* Skips the next element of the specified wire type.
	* @param {number} wireType Wire type received
	* @param {number} [depth] Depth of recursion to control nested calls; 0 if omitted
	* @returns {Reader} `this`
	*/
	Reader.prototype.skipType = function(wireType, depth) {
		if (depth === void 0) depth = 0;
		if (depth > Reader.recursionLimit) throw Error("maximum nesting depth exceeded");
		switch (wireType) {
			case 0:
				this.skip();
				break;
			case 1:
				this.skip(8);
				break;
			case 2:
				this.skip(this.uint32());
				break;
			case 3:
				while ((wireType = this.uint32() & 7) !== 4) this.skipType(wireType, depth + 1);
				break;
			case 5:
				this.skip(4);
				break;
			/* istanbul ignore next */
			default: throw Error("invalid wire type " + wireType + " at offset " + this.pos);
		}
		return this;
	};
	Reader._configure = function(BufferReader_) {
		BufferReader = BufferReader_;
		Reader.create = create();
		BufferReader._configure();
		var fn = util.Long ? "toLong" : /* istanbul ignore next */ "toNumber";
		util.merge(Reader.prototype, {
			int64: function read_int64() {
				return readLongVarint.call(this)[fn](false);
			},
			uint64: function read_uint64() {
				return readLongVarint.call(this)[fn](true);
			},
			sint64: function read_sint64() {
				return readLongVarint.call(this).zzDecode()[fn](false);
			},
			fixed64: function read_fixed64() {
				return readFixed64.call(this)[fn](true);
			},
			sfixed64: function read_sfixed64() {
				return readFixed64.call(this)[fn](false);
			}
		});
	};
}));
// node_modules/protobufjs/src/reader_buffer.js
var require_reader_buffer = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = BufferReader;
	var Reader = require_reader();
	(BufferReader.prototype = Object.create(Reader.prototype)).constructor = BufferReader;
	var util = require_minimal();
	/**
	* Constructs a new buffer reader instance.
	* @classdesc Wire format reader using node buffers.
	* @extends Reader
	* @constructor
	* @param {Buffer} buffer Buffer to read from
	*/
	function BufferReader(buffer) {
		Reader.call(this, buffer);
		/**
		* Read buffer.
		* @name BufferReader#buf
		* @type {Buffer}
		*/
	}
	BufferReader._configure = function() {
		/* istanbul ignore else */
		if (util.Buffer) BufferReader.prototype._slice = util.Buffer.prototype.slice;
	};
	/**
	* @override
	*/
	BufferReader.prototype.string = function read_string_buffer() {
		var len = this.uint32();
		return this.buf.utf8Slice ? this.buf.utf8Slice(this.pos, this.pos = Math.min(this.pos + len, this.len)) : this.buf.toString("utf-8", this.pos, this.pos = Math.min(this.pos + len, this.len));
	};
	/**
	* Reads a sequence of bytes preceeded by its length as a varint.
	* @name BufferReader#bytes
	* @function
	* @returns {Buffer} Value read
	*/
	BufferReader._configure();
}));
// node_modules/protobufjs/src/rpc/service.js
var require_service$1 = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = Service;
	var util = require_minimal();
	(Service.prototype = Object.create(util.EventEmitter.prototype)).constructor = Service;
	/**
	* A service method callback as used by {@link rpc.ServiceMethod|ServiceMethod}.
	*
	* Differs from {@link RPCImplCallback} in that it is an actual callback of a service method which may not return `response = null`.
	* @typedef rpc.ServiceMethodCallback
	* @template TRes extends Message<TRes>
	* @type {function}
	* @param {Error|null} error Error, if any
	* @param {TRes} [response] Response message
	* @returns {undefined}
	*/
	/**
	* A service method part of a {@link rpc.Service} as created by {@link Service.create}.
	* @typedef rpc.ServiceMethod
	* @template TReq extends Message<TReq>
	* @template TRes extends Message<TRes>
	* @type {function}
	* @param {TReq|Properties<TReq>} request Request message or plain object
	* @param {rpc.ServiceMethodCallback<TRes>} [callback] Node-style callback called with the error, if any, and the response message
	* @returns {Promise<Message<TRes>>} Promise if `callback` has been omitted, otherwise `undefined`
	*/
	/**
	* Constructs a new RPC service instance.
	* @classdesc An RPC service as returned by {@link Service#create}.
	* @exports rpc.Service
	* @extends util.EventEmitter
	* @constructor
	* @param {RPCImpl} rpcImpl RPC implementation
	* @param {boolean} [requestDelimited=false] Whether requests are length-delimited
	* @param {boolean} [responseDelimited=false] Whether responses are length-delimited
	*/
	function Service(rpcImpl, requestDelimited, responseDelimited) {
		if (typeof rpcImpl !== "function") throw TypeError("rpcImpl must be a function");
		util.EventEmitter.call(this);
		/**
		* RPC implementation. Becomes `null` once the service is ended.
		* @type {RPCImpl|null}
		*/
		this.rpcImpl = rpcImpl;
		/**
		* Whether requests are length-delimited.
		* @type {boolean}
		*/
		this.requestDelimited = Boolean(requestDelimited);
		/**
		* Whether responses are length-delimited.
		* @type {boolean}
		*/
		this.responseDelimited = Boolean(responseDelimited);
	}
	/**
	* Calls a service method through {@link rpc.Service#rpcImpl|rpcImpl}.
	* @param {Method|rpc.ServiceMethod<TReq,TRes>} method Reflected or static method
	* @param {Constructor<TReq>} requestCtor Request constructor
	* @param {Constructor<TRes>} responseCtor Response constructor
	* @param {TReq|Properties<TReq>} request Request message or plain object
	* @param {rpc.ServiceMethodCallback<TRes>} callback Service callback
	* @returns {undefined}
	* @template TReq extends Message<TReq>
	* @template TRes extends Message<TRes>
	*/
	Service.prototype.rpcCall = function rpcCall(method, requestCtor, responseCtor, request, callback) {
		if (!request) throw TypeError("request must be specified");
		var self = this;
		if (!callback) return util.asPromise(rpcCall, self, method, requestCtor, responseCtor, request);
		if (!self.rpcImpl) {
			setTimeout(function() {
				callback(Error("already ended"));
			}, 0);
			return;
		}
		try {
			return self.rpcImpl(method, requestCtor[self.requestDelimited ? "encodeDelimited" : "encode"](request).finish(), function rpcCallback(err, response) {
				if (err) {
					self.emit("error", err, method);
					return callback(err);
				}
				if (response === null) {
					self.end(true);
					return;
				}
				if (!(response instanceof responseCtor)) try {
					response = responseCtor[self.responseDelimited ? "decodeDelimited" : "decode"](response);
				} catch (err) {
					self.emit("error", err, method);
					return callback(err);
				}
				self.emit("data", response, method);
				return callback(null, response);
			});
		} catch (err) {
			self.emit("error", err, method);
			setTimeout(function() {
				callback(err);
			}, 0);
			return;
		}
	};
	/**
	* Ends this service and emits the `end` event.
	* @param {boolean} [endedByRPC=false] Whether the service has been ended by the RPC implementation.
	* @returns {rpc.Service} `this`
	*/
	Service.prototype.end = function end(endedByRPC) {
		if (this.rpcImpl) {
			if (!endedByRPC) this.rpcImpl(null, null, null);
			this.rpcImpl = null;
			this.emit("end").off();
		}
		return this;
	};
}));
// node_modules/protobufjs/src/rpc.js
var require_rpc = /* @__PURE__ */ __commonJSMin(((exports) => {
	/**
	* Streaming RPC helpers.
	* @namespace
	*/
	var rpc = exports;
	/**
	* RPC implementation passed to {@link Service#create} performing a service request on network level, i.e. by utilizing http requests or websockets.
	* @typedef RPCImpl
	* @type {function}
	* @param {Method|rpc.ServiceMethod<Message<{}>,Message<{}>>} method Reflected or static method being called
	* @param {Uint8Array} requestData Request data
	* @param {RPCImplCallback} callback Callback function
	* @returns {undefined}
	* @example
	* function rpcImpl(method, requestData, callback) {
	*     if (protobuf.util.lcFirst(method.name) !== "myMethod") // compatible with static code
	*         throw Error("no such method");
	*     asynchronouslyObtainAResponse(requestData, function(err, responseData) {
	*         callback(err, responseData);
	*     });
	* }
	*/
	/**
	* Node-style callback as used by {@link RPCImpl}.
	* @typedef RPCImplCallback
	* @type {function}
	* @param {Error|null} error Error, if any, otherwise `null`
	* @param {Uint8Array|null} [response] Response data or `null` to signal end of stream, if there hasn't been an error
	* @returns {undefined}
	*/
	rpc.Service = require_service$1();
}));
// node_modules/protobufjs/src/roots.js
var require_roots = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = Object.create(null);
}));
/**
* Named roots.
* This is where pbjs stores generated structures (the option `-r, --root` specifies a name).
* Can also be used manually to make roots available across modules.
* @name roots
* @type {Object.<string,Root>}
* @example
* // pbjs -r myroot -o compiled.js ...
*
* // in another module:
* require("./compiled.js");
*
* // in any subsequent module:
* var root = protobuf.roots["myroot"];
*/
// node_modules/protobufjs/src/index-minimal.js
var require_index_minimal = /* @__PURE__ */ __commonJSMin(((exports) => {
	var protobuf = exports;
	/**
	* Build type, one of `"full"`, `"light"` or `"minimal"`.
	* @name build
	* @type {string}
	* @const
	*/
	protobuf.build = "minimal";
	protobuf.Writer = require_writer();
	protobuf.BufferWriter = require_writer_buffer();
	protobuf.Reader = require_reader();
	protobuf.BufferReader = require_reader_buffer();
	protobuf.util = require_minimal();
	protobuf.rpc = require_rpc();
	protobuf.roots = require_roots();
	protobuf.configure = configure;
	/* istanbul ignore next */
	/**
	* Reconfigures the library according to the environment.
	* @returns {undefined}
	*/
	function configure() {
		protobuf.util._configure();
		protobuf.Writer._configure(protobuf.BufferWriter);
		protobuf.Reader._configure(protobuf.BufferReader);
	}
	configure();
}));
// node_modules/@protobufjs/codegen/index.js
var require_codegen = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = codegen;
	var reservedRe = /^(?:do|if|in|for|let|new|try|var|case|else|enum|eval|false|null|this|true|void|with|break|catch|class|const|super|throw|while|yield|delete|export|import|public|return|static|switch|typeof|default|extends|finally|package|private|continue|debugger|function|arguments|interface|protected|implements|instanceof)$/;
	/**
	* Begins generating a function.
	* @memberof util
	* @param {string[]} functionParams Function parameter names
	* @param {string} [functionName] Function name if not anonymous
	* @returns {Codegen} Appender that appends code to the function's body
	*/
	function codegen(functionParams, functionName) {
		/* istanbul ignore if */
		if (typeof functionParams === "string") {
			functionName = functionParams;
			functionParams = void 0;
		}
		var body = [];
		/**
		* Appends code to the function's body or finishes generation.
		* @typedef Codegen
		* @type {function}
		* @param {string|Object.<string,*>} [formatStringOrScope] Format string or, to finish the function, an object of additional scope variables, if any
		* @param {...*} [formatParams] Format parameters
		* @returns {Codegen|Function} Itself or the generated function if finished
		* @throws {Error} If format parameter counts do not match
		*/
		function Codegen(formatStringOrScope) {
			if (typeof formatStringOrScope !== "string") {
				var source = toString();
				if (codegen.verbose) console.log("codegen: " + source);
				source = "return " + source;
				if (formatStringOrScope) {
					var scopeKeys = Object.keys(formatStringOrScope), scopeParams = new Array(scopeKeys.length + 1), scopeValues = new Array(scopeKeys.length), scopeOffset = 0;
					while (scopeOffset < scopeKeys.length) {
						scopeParams[scopeOffset] = scopeKeys[scopeOffset];
						scopeValues[scopeOffset] = formatStringOrScope[scopeKeys[scopeOffset++]];
					}
					scopeParams[scopeOffset] = source;
					return Function.apply(null, scopeParams).apply(null, scopeValues);
				}
				return Function(source)();
			}
			var formatParams = new Array(arguments.length - 1), formatOffset = 0;
			while (formatOffset < formatParams.length) formatParams[formatOffset] = arguments[++formatOffset];
			formatOffset = 0;
			formatStringOrScope = formatStringOrScope.replace(/%([%dfijs])/g, function replace($0, $1) {
				var value = formatParams[formatOffset++];
				switch ($1) {
					case "d":
					case "f": return String(Number(value));
					case "i": return String(Math.floor(value));
					case "j": return JSON.stringify(value);
					case "s": return String(value);
				}
				return "%";
			});
			if (formatOffset !== formatParams.length) throw Error("parameter count mismatch");
			body.push(formatStringOrScope);
			return Codegen;
		}
		function toString(functionNameOverride) {
			return "function " + safeFunctionName(functionNameOverride || functionName) + "(" + (functionParams && functionParams.join(",") || "") + "){\n  " + body.join("\n  ") + "\n}";
		}
		Codegen.toString = toString;
		return Codegen;
	}
	/**
	* Begins generating a function.
	* @memberof util
	* @function codegen
	* @param {string} [functionName] Function name if not anonymous
	* @returns {Codegen} Appender that appends code to the function's body
	* @variation 2
	*/
	/**
	* When set to `true`, codegen will log generated code to console. Useful for debugging.
	* @name util.codegen.verbose
	* @type {boolean}
	*/
	codegen.verbose = false;
	function safeFunctionName(name) {
		if (!name) return "";
		name = String(name).replace(/[^\w$]/g, "");
		if (!name) return "";
		if (/^\d/.test(name)) name = "_" + name;
		return reservedRe.test(name) ? name + "_" : name;
	}
}));
// node_modules/@protobufjs/fetch/util/fs.js
var require_fs$1 = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	var fs = null;
	try {
		fs = __require(
			/* webpackIgnore: true */
			"fs"
		);
		if (!fs || !fs.readFile || !fs.readFileSync) fs = null;
	} catch (e) {}
	module.exports = fs;
}));
// node_modules/@protobufjs/fetch/index.js
var require_fetch = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = fetch;
	var asPromise = require_aspromise();
	var fs = require_fs$1();
	/**
	* Node-style callback as used by {@link util.fetch}.
	* @typedef FetchCallback
	* @type {function}
	* @param {?Error} error Error, if any, otherwise `null`
	* @param {string} [contents] File contents, if there hasn't been an error
	* @returns {undefined}
	*/
	/**
	* Options as used by {@link util.fetch}.
	* @interface IFetchOptions
	* @property {boolean} [binary=false] Whether expecting a binary response
	* @property {boolean} [xhr=false] If `true`, forces the use of XMLHttpRequest
	*/
	/**
	* Fetches the contents of a file.
	* @memberof util
	* @param {string} filename File path or url
	* @param {IFetchOptions} options Fetch options
	* @param {FetchCallback} callback Callback function
	* @returns {undefined}
	*/
	function fetch(filename, options, callback) {
		if (typeof options === "function") {
			callback = options;
			options = {};
		} else if (!options) options = {};
		if (!callback) return asPromise(fetch, this, filename, options);
		if (!options.xhr && fs && fs.readFile) return fs.readFile(filename, function fetchReadFileCallback(err, contents) {
			return err && typeof XMLHttpRequest !== "undefined" ? fetch.xhr(filename, options, callback) : err ? callback(err) : callback(null, options.binary ? contents : contents.toString("utf8"));
		});
		return fetch.xhr(filename, options, callback);
	}
	/**
	* Fetches the contents of a file.
	* @name util.fetch
	* @function
	* @param {string} path File path or url
	* @param {FetchCallback} callback Callback function
	* @returns {undefined}
	* @variation 2
	*/
	/**
	* Fetches the contents of a file.
	* @name util.fetch
	* @function
	* @param {string} path File path or url
	* @param {IFetchOptions} [options] Fetch options
	* @returns {Promise<string|Uint8Array>} Promise
	* @variation 3
	*/
	fetch.xhr = function fetch_xhr(filename, options, callback) {
		var xhr = new XMLHttpRequest();
		xhr.onreadystatechange = function fetchOnReadyStateChange() {
			if (xhr.readyState !== 4) return void 0;
			if (xhr.status !== 0 && xhr.status !== 200) return callback(Error("status " + xhr.status));
			if (options.binary) {
				var buffer = xhr.response;
				if (!buffer) {
					buffer = [];
					for (var i = 0; i < xhr.responseText.length; ++i) buffer.push(xhr.responseText.charCodeAt(i) & 255);
				}
				return callback(null, typeof Uint8Array !== "undefined" ? new Uint8Array(buffer) : buffer);
			}
			return callback(null, xhr.responseText);
		};
		if (options.binary) {
			if ("overrideMimeType" in xhr) xhr.overrideMimeType("text/plain; charset=x-user-defined");
			xhr.responseType = "arraybuffer";
		}
		xhr.open("GET", filename);
		xhr.send();
	};
}));
// node_modules/@protobufjs/path/index.js
var require_path = /* @__PURE__ */ __commonJSMin(((exports) => {
	/**
	* A minimal path module to resolve Unix, Windows and URL paths alike.
	* @memberof util
	* @namespace
	*/
	var path = exports;
	var isAbsolute = path.isAbsolute = function isAbsolute(path) {
		return /^(?:\/|\w+:)/.test(path);
	};
	var normalize = path.normalize = function normalize(path) {
		path = path.replace(/\\/g, "/").replace(/\/{2,}/g, "/");
		var parts = path.split("/"), absolute = isAbsolute(path), prefix = "";
		if (absolute) prefix = parts.shift() + "/";
		for (var i = 0; i < parts.length;) if (parts[i] === "..") {
			if (i > 0 && parts[i - 1] !== "..") parts.splice(--i, 2);
			else if (absolute) parts.splice(i, 1);
			else ++i;
		} else if (parts[i] === ".") parts.splice(i, 1);
		else ++i;
		return prefix + parts.join("/");
	};
	/**
	* Resolves the specified include path against the specified origin path.
	* @param {string} originPath Path to the origin file
	* @param {string} includePath Include path relative to origin path
	* @param {boolean} [alreadyNormalized=false] `true` if both paths are already known to be normalized
	* @returns {string} Path to the include file
	*/
	path.resolve = function resolve(originPath, includePath, alreadyNormalized) {
		if (!alreadyNormalized) includePath = normalize(includePath);
		if (isAbsolute(includePath)) return includePath;
		if (!alreadyNormalized) originPath = normalize(originPath);
		return (originPath = originPath.replace(/(?:\/|^)[^/]+$/, "")).length ? normalize(originPath + "/" + includePath) : includePath;
	};
}));
// node_modules/protobufjs/src/util/patterns.js
var require_patterns = /* @__PURE__ */ __commonJSMin(((exports) => {
	var patterns = exports;
	patterns.numberRe = /^(?![eE])[0-9]*(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?$/;
	patterns.typeRefRe = /^(?:\.?[a-zA-Z_][a-zA-Z_0-9]*)(?:\.[a-zA-Z_][a-zA-Z_0-9]*)*$/;
	patterns.reservedRe = /^(?:do|if|in|for|let|new|try|var|case|else|enum|eval|false|null|this|true|void|with|break|catch|class|const|super|throw|while|yield|delete|export|import|public|return|static|switch|typeof|default|extends|finally|package|private|continue|debugger|function|arguments|interface|protected|implements|instanceof)$/;
}));
// node_modules/protobufjs/src/util/fs.js
var require_fs = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	var fs = null;
	try {
		fs = __require(
			/* webpackIgnore: true */
			"fs"
		);
		if (!fs || !fs.readFile || !fs.readFileSync) fs = null;
	} catch (e) {}
	module.exports = fs;
}));
// node_modules/protobufjs/src/namespace.js
var require_namespace = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = Namespace;
	var ReflectionObject = require_object();
	((Namespace.prototype = Object.create(ReflectionObject.prototype)).constructor = Namespace).className = "Namespace";
	var Field = require_field();
	var util = require_util();
	var OneOf = require_oneof();
	var Type;
	var Service;
	var Enum;
	/**
	* Constructs a new namespace instance.
	* @name Namespace
	* @classdesc Reflected namespace.
	* @extends NamespaceBase
	* @constructor
	* @param {string} name Namespace name
	* @param {Object.<string,*>} [options] Declared options
	*/
	/**
	* Constructs a namespace from JSON.
	* @memberof Namespace
	* @function
	* @param {string} name Namespace name
	* @param {Object.<string,*>} json JSON object
	* @param {number} [depth] Current nesting depth, defaults to `0`
	* @returns {Namespace} Created namespace
	* @throws {TypeError} If arguments are invalid
	*/
	Namespace.fromJSON = function fromJSON(name, json, depth) {
		depth = util.checkDepth(depth);
		return new Namespace(name, json.options).addJSON(json.nested, depth);
	};
	/**
	* Converts an array of reflection objects to JSON.
	* @memberof Namespace
	* @param {ReflectionObject[]} array Object array
	* @param {IToJSONOptions} [toJSONOptions] JSON conversion options
	* @returns {Object.<string,*>|undefined} JSON object or `undefined` when array is empty
	*/
	function arrayToJSON(array, toJSONOptions) {
		if (!(array && array.length)) return void 0;
		var obj = {};
		for (var i = 0; i < array.length; ++i) obj[array[i].name] = array[i].toJSON(toJSONOptions);
		return obj;
	}
	Namespace.arrayToJSON = arrayToJSON;
	/**
	* Tests if the specified id is reserved.
	* @param {Array.<number[]|string>|undefined} reserved Array of reserved ranges and names
	* @param {number} id Id to test
	* @returns {boolean} `true` if reserved, otherwise `false`
	*/
	Namespace.isReservedId = function isReservedId(reserved, id) {
		if (reserved) {
			for (var i = 0; i < reserved.length; ++i) if (typeof reserved[i] !== "string" && reserved[i][0] <= id && reserved[i][1] > id) return true;
		}
		return false;
	};
	/**
	* Tests if the specified name is reserved.
	* @param {Array.<number[]|string>|undefined} reserved Array of reserved ranges and names
	* @param {string} name Name to test
	* @returns {boolean} `true` if reserved, otherwise `false`
	*/
	Namespace.isReservedName = function isReservedName(reserved, name) {
		if (reserved) {
			for (var i = 0; i < reserved.length; ++i) if (reserved[i] === name) return true;
		}
		return false;
	};
	/**
	* Not an actual constructor. Use {@link Namespace} instead.
	* @classdesc Base class of all reflection objects containing nested objects. This is not an actual class but here for the sake of having consistent type definitions.
	* @exports NamespaceBase
	* @extends ReflectionObject
	* @abstract
	* @constructor
	* @param {string} name Namespace name
	* @param {Object.<string,*>} [options] Declared options
	* @see {@link Namespace}
	*/
	function Namespace(name, options) {
		ReflectionObject.call(this, name, options);
		/**
		* Nested objects by name.
		* @type {Object.<string,ReflectionObject>|undefined}
		*/
		this.nested = void 0;
		/**
		* Cached nested objects as an array.
		* @type {ReflectionObject[]|null}
		* @private
		*/
		this._nestedArray = null;
		/**
		* Cache lookup calls for any objects contains anywhere under this namespace.
		* This drastically speeds up resolve for large cross-linked protos where the same
		* types are looked up repeatedly.
		* @type {Object.<string,ReflectionObject|null>}
		* @private
		*/
		this._lookupCache = Object.create(null);
		/**
		* Whether or not objects contained in this namespace need feature resolution.
		* @type {boolean}
		* @protected
		*/
		this._needsRecursiveFeatureResolution = true;
		/**
		* Whether or not objects contained in this namespace need a resolve.
		* @type {boolean}
		* @protected
		*/
		this._needsRecursiveResolve = true;
	}
	function clearCache(namespace) {
		namespace._nestedArray = null;
		namespace._lookupCache = Object.create(null);
		var parent = namespace;
		while (parent = parent.parent) parent._lookupCache = Object.create(null);
		return namespace;
	}
	/**
	* Nested objects of this namespace as an array for iteration.
	* @name NamespaceBase#nestedArray
	* @type {ReflectionObject[]}
	* @readonly
	*/
	Object.defineProperty(Namespace.prototype, "nestedArray", { get: function() {
		return this._nestedArray || (this._nestedArray = util.toArray(this.nested));
	} });
	/**
	* Namespace descriptor.
	* @interface INamespace
	* @property {Object.<string,*>} [options] Namespace options
	* @property {Object.<string,AnyNestedObject>} [nested] Nested object descriptors
	*/
	/**
	* Any extension field descriptor.
	* @typedef AnyExtensionField
	* @type {IExtensionField|IExtensionMapField}
	*/
	/**
	* Any nested object descriptor.
	* @typedef AnyNestedObject
	* @type {IEnum|IType|IService|AnyExtensionField|INamespace|IOneOf}
	*/
	/**
	* Converts this namespace to a namespace descriptor.
	* @param {IToJSONOptions} [toJSONOptions] JSON conversion options
	* @returns {INamespace} Namespace descriptor
	*/
	Namespace.prototype.toJSON = function toJSON(toJSONOptions) {
		return util.toObject([
			"options",
			this.options,
			"nested",
			arrayToJSON(this.nestedArray, toJSONOptions)
		]);
	};
	/**
	* Adds nested objects to this namespace from nested object descriptors.
	* @param {Object.<string,AnyNestedObject>} nestedJson Any nested object descriptors
	* @param {number} [depth] Current nesting depth, defaults to `0`
	* @returns {Namespace} `this`
	*/
	Namespace.prototype.addJSON = function addJSON(nestedJson, depth) {
		depth = util.checkDepth(depth);
		var ns = this;
		/* istanbul ignore else */
		if (nestedJson) for (var names = Object.keys(nestedJson), i = 0, nested; i < names.length; ++i) {
			nested = nestedJson[names[i]];
			ns.add((nested.fields !== void 0 ? Type.fromJSON : nested.values !== void 0 ? Enum.fromJSON : nested.methods !== void 0 ? Service.fromJSON : nested.id !== void 0 ? Field.fromJSON : Namespace.fromJSON)(names[i], nested, depth + 1));
		}
		return this;
	};
	/**
	* Gets the nested object of the specified name.
	* @param {string} name Nested object name
	* @returns {ReflectionObject|null} The reflection object or `null` if it doesn't exist
	*/
	Namespace.prototype.get = function get(name) {
		return this.nested && Object.prototype.hasOwnProperty.call(this.nested, name) ? this.nested[name] : null;
	};
	/**
	* Gets the values of the nested {@link Enum|enum} of the specified name.
	* This methods differs from {@link Namespace#get|get} in that it returns an enum's values directly and throws instead of returning `null`.
	* @param {string} name Nested enum name
	* @returns {Object.<string,number>} Enum values
	* @throws {Error} If there is no such enum
	*/
	Namespace.prototype.getEnum = function getEnum(name) {
		if (this.nested && Object.prototype.hasOwnProperty.call(this.nested, name) && this.nested[name] instanceof Enum) return this.nested[name].values;
		throw Error("no such enum: " + name);
	};
	/**
	* Adds a nested object to this namespace.
	* @param {ReflectionObject} object Nested object to add
	* @returns {Namespace} `this`
	* @throws {TypeError} If arguments are invalid
	* @throws {Error} If there is already a nested object with this name
	*/
	Namespace.prototype.add = function add(object) {
		if (!(object instanceof Field && object.extend !== void 0 || object instanceof Type || object instanceof OneOf || object instanceof Enum || object instanceof Service || object instanceof Namespace)) throw TypeError("object must be a valid nested object");
		if (object.name === "__proto__") return this;
		if (!this.nested) this.nested = {};
		else {
			var prev = this.get(object.name);
			if (prev) {
				if (prev instanceof Namespace && object instanceof Namespace && !(prev instanceof Type || prev instanceof Service)) {
					var nested = prev.nestedArray;
					for (var i = 0; i < nested.length; ++i) object.add(nested[i]);
					this.remove(prev);
					if (!this.nested) this.nested = {};
					object.setOptions(prev.options, true);
				} else throw Error("duplicate name '" + object.name + "' in " + this);
			}
		}
		this.nested[object.name] = object;
		if (!(this instanceof Type || this instanceof Service || this instanceof Enum || this instanceof Field)) {
			if (!object._edition) object._edition = object._defaultEdition;
		}
		this._needsRecursiveFeatureResolution = true;
		this._needsRecursiveResolve = true;
		var parent = this;
		while (parent = parent.parent) {
			parent._needsRecursiveFeatureResolution = true;
			parent._needsRecursiveResolve = true;
		}
		object.onAdd(this);
		return clearCache(this);
	};
	/**
	* Removes a nested object from this namespace.
	* @param {ReflectionObject} object Nested object to remove
	* @returns {Namespace} `this`
	* @throws {TypeError} If arguments are invalid
	* @throws {Error} If `object` is not a member of this namespace
	*/
	Namespace.prototype.remove = function remove(object) {
		if (!(object instanceof ReflectionObject)) throw TypeError("object must be a ReflectionObject");
		if (object.parent !== this) throw Error(object + " is not a member of " + this);
		delete this.nested[object.name];
		if (!Object.keys(this.nested).length) this.nested = void 0;
		object.onRemove(this);
		return clearCache(this);
	};
	/**
	* Defines additial namespaces within this one if not yet existing.
	* @param {string|string[]} path Path to create
	* @param {*} [json] Nested types to create from JSON
	* @returns {Namespace} Pointer to the last namespace created or `this` if path is empty
	*/
	Namespace.prototype.define = function define(path, json) {
		if (util.isString(path)) path = path.split(".");
		else if (!Array.isArray(path)) throw TypeError("illegal path");
		if (path && path.length && path[0] === "") throw Error("path must be relative");
		if (path.length > util.recursionLimit) throw Error("max depth exceeded");
		var ptr = this;
		while (path.length > 0) {
			var part = path.shift();
			if (ptr.nested && ptr.nested[part]) {
				ptr = ptr.nested[part];
				if (!(ptr instanceof Namespace)) throw Error("path conflicts with non-namespace objects");
			} else ptr.add(ptr = new Namespace(part));
		}
		if (json) ptr.addJSON(json);
		return ptr;
	};
	/**
	* Resolves this namespace's and all its nested objects' type references. Useful to validate a reflection tree, but comes at a cost.
	* @returns {Namespace} `this`
	*/
	Namespace.prototype.resolveAll = function resolveAll() {
		if (!this._needsRecursiveResolve) return this;
		this._resolveFeaturesRecursive(this._edition);
		var nested = this.nestedArray, i = 0;
		this.resolve();
		while (i < nested.length) if (nested[i] instanceof Namespace) nested[i++].resolveAll();
		else nested[i++].resolve();
		this._needsRecursiveResolve = false;
		return this;
	};
	/**
	* @override
	*/
	Namespace.prototype._resolveFeaturesRecursive = function _resolveFeaturesRecursive(edition) {
		if (!this._needsRecursiveFeatureResolution) return this;
		this._needsRecursiveFeatureResolution = false;
		edition = this._edition || edition;
		ReflectionObject.prototype._resolveFeaturesRecursive.call(this, edition);
		this.nestedArray.forEach((nested) => {
			nested._resolveFeaturesRecursive(edition);
		});
		return this;
	};
	/**
	* Recursively looks up the reflection object matching the specified path in the scope of this namespace.
	* @param {string|string[]} path Path to look up
	* @param {*|Array.<*>} filterTypes Filter types, any combination of the constructors of `protobuf.Type`, `protobuf.Enum`, `protobuf.Service` etc.
	* @param {boolean} [parentAlreadyChecked=false] If known, whether the parent has already been checked
	* @returns {ReflectionObject|null} Looked up object or `null` if none could be found
	*/
	Namespace.prototype.lookup = function lookup(path, filterTypes, parentAlreadyChecked) {
		/* istanbul ignore next */
		if (typeof filterTypes === "boolean") {
			parentAlreadyChecked = filterTypes;
			filterTypes = void 0;
		} else if (filterTypes && !Array.isArray(filterTypes)) filterTypes = [filterTypes];
		if (util.isString(path) && path.length) {
			if (path === ".") return this.root;
			path = path.split(".");
		} else if (!path.length) return this;
		var flatPath = path.join(".");
		if (path[0] === "") return this.root.lookup(path.slice(1), filterTypes);
		var found = this.root._fullyQualifiedObjects && this.root._fullyQualifiedObjects["." + flatPath];
		if (found && (!filterTypes || filterTypes.indexOf(found.constructor) > -1)) return found;
		found = this._lookupImpl(path, flatPath);
		if (found && (!filterTypes || filterTypes.indexOf(found.constructor) > -1)) return found;
		if (parentAlreadyChecked) return null;
		var current = this;
		while (current.parent) {
			found = current.parent._lookupImpl(path, flatPath);
			if (found && (!filterTypes || filterTypes.indexOf(found.constructor) > -1)) return found;
			current = current.parent;
		}
		return null;
	};
	/**
	* Internal helper for lookup that handles searching just at this namespace and below along with caching.
	* @param {string[]} path Path to look up
	* @param {string} flatPath Flattened version of the path to use as a cache key
	* @returns {ReflectionObject|null} Looked up object or `null` if none could be found
	* @private
	*/
	Namespace.prototype._lookupImpl = function lookup(path, flatPath) {
		if (Object.prototype.hasOwnProperty.call(this._lookupCache, flatPath)) return this._lookupCache[flatPath];
		var found = this.get(path[0]);
		var exact = null;
		if (found) {
			if (path.length === 1) exact = found;
			else if (found instanceof Namespace) {
				path = path.slice(1);
				exact = found._lookupImpl(path, path.join("."));
			}
		} else for (var i = 0; i < this.nestedArray.length; ++i) if (this._nestedArray[i] instanceof Namespace && (found = this._nestedArray[i]._lookupImpl(path, flatPath))) {
			exact = found;
			break;
		}
		this._lookupCache[flatPath] = exact;
		return exact;
	};
	/**
	* Looks up the reflection object at the specified path, relative to this namespace.
	* @name NamespaceBase#lookup
	* @function
	* @param {string|string[]} path Path to look up
	* @param {boolean} [parentAlreadyChecked=false] Whether the parent has already been checked
	* @returns {ReflectionObject|null} Looked up object or `null` if none could be found
	* @variation 2
	*/
	/**
	* Looks up the {@link Type|type} at the specified path, relative to this namespace.
	* Besides its signature, this methods differs from {@link Namespace#lookup|lookup} in that it throws instead of returning `null`.
	* @param {string|string[]} path Path to look up
	* @returns {Type} Looked up type
	* @throws {Error} If `path` does not point to a type
	*/
	Namespace.prototype.lookupType = function lookupType(path) {
		var found = this.lookup(path, [Type]);
		if (!found) throw Error("no such type: " + path);
		return found;
	};
	/**
	* Looks up the values of the {@link Enum|enum} at the specified path, relative to this namespace.
	* Besides its signature, this methods differs from {@link Namespace#lookup|lookup} in that it throws instead of returning `null`.
	* @param {string|string[]} path Path to look up
	* @returns {Enum} Looked up enum
	* @throws {Error} If `path` does not point to an enum
	*/
	Namespace.prototype.lookupEnum = function lookupEnum(path) {
		var found = this.lookup(path, [Enum]);
		if (!found) throw Error("no such Enum '" + path + "' in " + this);
		return found;
	};
	/**
	* Looks up the {@link Type|type} or {@link Enum|enum} at the specified path, relative to this namespace.
	* Besides its signature, this methods differs from {@link Namespace#lookup|lookup} in that it throws instead of returning `null`.
	* @param {string|string[]} path Path to look up
	* @returns {Type} Looked up type or enum
	* @throws {Error} If `path` does not point to a type or enum
	*/
	Namespace.prototype.lookupTypeOrEnum = function lookupTypeOrEnum(path) {
		var found = this.lookup(path, [Type, Enum]);
		if (!found) throw Error("no such Type or Enum '" + path + "' in " + this);
		return found;
	};
	/**
	* Looks up the {@link Service|service} at the specified path, relative to this namespace.
	* Besides its signature, this methods differs from {@link Namespace#lookup|lookup} in that it throws instead of returning `null`.
	* @param {string|string[]} path Path to look up
	* @returns {Service} Looked up service
	* @throws {Error} If `path` does not point to a service
	*/
	Namespace.prototype.lookupService = function lookupService(path) {
		var found = this.lookup(path, [Service]);
		if (!found) throw Error("no such Service '" + path + "' in " + this);
		return found;
	};
	Namespace._configure = function(Type_, Service_, Enum_) {
		Type = Type_;
		Service = Service_;
		Enum = Enum_;
	};
}));
// node_modules/protobufjs/src/mapfield.js
var require_mapfield = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = MapField;
	var Field = require_field();
	((MapField.prototype = Object.create(Field.prototype)).constructor = MapField).className = "MapField";
	var types = require_types();
	var util = require_util();
	/**
	* Constructs a new map field instance.
	* @classdesc Reflected map field.
	* @extends FieldBase
	* @constructor
	* @param {string} name Unique name within its namespace
	* @param {number} id Unique id within its namespace
	* @param {string} keyType Key type
	* @param {string} type Value type
	* @param {Object.<string,*>} [options] Declared options
	* @param {string} [comment] Comment associated with this field
	*/
	function MapField(name, id, keyType, type, options, comment) {
		Field.call(this, name, id, type, void 0, void 0, options, comment);
		/* istanbul ignore if */
		if (!util.isString(keyType)) throw TypeError("keyType must be a string");
		/**
		* Key type.
		* @type {string}
		*/
		this.keyType = keyType;
		/**
		* Resolved key type if not a basic type.
		* @type {ReflectionObject|null}
		*/
		this.resolvedKeyType = null;
		this.map = true;
	}
	/**
	* Map field descriptor.
	* @interface IMapField
	* @extends {IField}
	* @property {string} keyType Key type
	*/
	/**
	* Extension map field descriptor.
	* @interface IExtensionMapField
	* @extends IMapField
	* @property {string} extend Extended type
	*/
	/**
	* Constructs a map field from a map field descriptor.
	* @param {string} name Field name
	* @param {IMapField} json Map field descriptor
	* @returns {MapField} Created map field
	* @throws {TypeError} If arguments are invalid
	*/
	MapField.fromJSON = function fromJSON(name, json) {
		return new MapField(name, json.id, json.keyType, json.type, json.options, json.comment);
	};
	/**
	* Converts this map field to a map field descriptor.
	* @param {IToJSONOptions} [toJSONOptions] JSON conversion options
	* @returns {IMapField} Map field descriptor
	*/
	MapField.prototype.toJSON = function toJSON(toJSONOptions) {
		var keepComments = toJSONOptions ? Boolean(toJSONOptions.keepComments) : false;
		return util.toObject([
			"keyType",
			this.keyType,
			"type",
			this.type,
			"id",
			this.id,
			"extend",
			this.extend,
			"options",
			this.options,
			"comment",
			keepComments ? this.comment : void 0
		]);
	};
	/**
	* @override
	*/
	MapField.prototype.resolve = function resolve() {
		if (this.resolved) return this;
		if (types.mapKey[this.keyType] === void 0) throw Error("invalid key type: " + this.keyType);
		return Field.prototype.resolve.call(this);
	};
	/**
	* Map field decorator (TypeScript).
	* @name MapField.d
	* @function
	* @param {number} fieldId Field id
	* @param {"int32"|"uint32"|"sint32"|"fixed32"|"sfixed32"|"int64"|"uint64"|"sint64"|"fixed64"|"sfixed64"|"bool"|"string"} fieldKeyType Field key type
	* @param {"double"|"float"|"int32"|"uint32"|"sint32"|"fixed32"|"sfixed32"|"int64"|"uint64"|"sint64"|"fixed64"|"sfixed64"|"bool"|"string"|"bytes"|Object|Constructor<{}>} fieldValueType Field value type
	* @returns {FieldDecorator} Decorator function
	* @template T extends { [key: string]: number | Long | string | boolean | Uint8Array | Buffer | number[] | Message<{}> }
	*/
	MapField.d = function decorateMapField(fieldId, fieldKeyType, fieldValueType) {
		if (typeof fieldValueType === "function") fieldValueType = util.decorateType(fieldValueType).name;
		else if (fieldValueType && typeof fieldValueType === "object") fieldValueType = util.decorateEnum(fieldValueType).name;
		return function mapFieldDecorator(prototype, fieldName) {
			util.decorateType(prototype.constructor).add(new MapField(fieldName, fieldId, fieldKeyType, fieldValueType));
		};
	};
}));
// node_modules/protobufjs/src/method.js
var require_method = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = Method;
	var ReflectionObject = require_object();
	((Method.prototype = Object.create(ReflectionObject.prototype)).constructor = Method).className = "Method";
	var util = require_util();
	/**
	* Constructs a new service method instance.
	* @classdesc Reflected service method.
	* @extends ReflectionObject
	* @constructor
	* @param {string} name Method name
	* @param {string|undefined} type Method type, usually `"rpc"`
	* @param {string} requestType Request message type
	* @param {string} responseType Response message type
	* @param {boolean|Object.<string,*>} [requestStream] Whether the request is streamed
	* @param {boolean|Object.<string,*>} [responseStream] Whether the response is streamed
	* @param {Object.<string,*>} [options] Declared options
	* @param {string} [comment] The comment for this method
	* @param {Object.<string,*>} [parsedOptions] Declared options, properly parsed into an object
	*/
	function Method(name, type, requestType, responseType, requestStream, responseStream, options, comment, parsedOptions) {
		/* istanbul ignore next */
		if (util.isObject(requestStream)) {
			options = requestStream;
			requestStream = responseStream = void 0;
		} else if (util.isObject(responseStream)) {
			options = responseStream;
			responseStream = void 0;
		}
		/* istanbul ignore if */
		if (!(type === void 0 || util.isString(type))) throw TypeError("type must be a string");
		/* istanbul ignore if */
		if (!util.isString(requestType)) throw TypeError("requestType must be a string");
		/* istanbul ignore if */
		if (!util.isString(responseType)) throw TypeError("responseType must be a string");
		ReflectionObject.call(this, name, options);
		/**
		* Method type.
		* @type {string}
		*/
		this.type = type || "rpc";
		/**
		* Request type.
		* @type {string}
		*/
		this.requestType = requestType;
		/**
		* Whether requests are streamed or not.
		* @type {boolean|undefined}
		*/
		this.requestStream = requestStream ? true : void 0;
		/**
		* Response type.
		* @type {string}
		*/
		this.responseType = responseType;
		/**
		* Whether responses are streamed or not.
		* @type {boolean|undefined}
		*/
		this.responseStream = responseStream ? true : void 0;
		/**
		* Resolved request type.
		* @type {Type|null}
		*/
		this.resolvedRequestType = null;
		/**
		* Resolved response type.
		* @type {Type|null}
		*/
		this.resolvedResponseType = null;
		/**
		* Comment for this method
		* @type {string|null}
		*/
		this.comment = comment;
		/**
		* Options properly parsed into an object
		*/
		this.parsedOptions = parsedOptions;
	}
	/**
	* Method descriptor.
	* @interface IMethod
	* @property {string} [type="rpc"] Method type
	* @property {string} requestType Request type
	* @property {string} responseType Response type
	* @property {boolean} [requestStream=false] Whether requests are streamed
	* @property {boolean} [responseStream=false] Whether responses are streamed
	* @property {Object.<string,*>} [options] Method options
	* @property {string} comment Method comments
	* @property {Object.<string,*>} [parsedOptions] Method options properly parsed into an object
	*/
	/**
	* Constructs a method from a method descriptor.
	* @param {string} name Method name
	* @param {IMethod} json Method descriptor
	* @returns {Method} Created method
	* @throws {TypeError} If arguments are invalid
	*/
	Method.fromJSON = function fromJSON(name, json) {
		return new Method(name, json.type, json.requestType, json.responseType, json.requestStream, json.responseStream, json.options, json.comment, json.parsedOptions);
	};
	/**
	* Converts this method to a method descriptor.
	* @param {IToJSONOptions} [toJSONOptions] JSON conversion options
	* @returns {IMethod} Method descriptor
	*/
	Method.prototype.toJSON = function toJSON(toJSONOptions) {
		var keepComments = toJSONOptions ? Boolean(toJSONOptions.keepComments) : false;
		return util.toObject([
			"type",
			this.type !== "rpc" && /* istanbul ignore next */ this.type || void 0,
			"requestType",
			this.requestType,
			"requestStream",
			this.requestStream,
			"responseType",
			this.responseType,
			"responseStream",
			this.responseStream,
			"options",
			this.options,
			"comment",
			keepComments ? this.comment : void 0,
			"parsedOptions",
			this.parsedOptions
		]);
	};
	/**
	* @override
	*/
	Method.prototype.resolve = function resolve() {
		/* istanbul ignore if */
		if (this.resolved) return this;
		this.resolvedRequestType = this.parent.lookupType(this.requestType);
		this.resolvedResponseType = this.parent.lookupType(this.responseType);
		return ReflectionObject.prototype.resolve.call(this);
	};
}));
// node_modules/protobufjs/src/service.js
var require_service = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = Service;
	var Namespace = require_namespace();
	((Service.prototype = Object.create(Namespace.prototype)).constructor = Service).className = "Service";
	var Method = require_method();
	var util = require_util();
	var rpc = require_rpc();
	/**
	* Constructs a new service instance.
	* @classdesc Reflected service.
	* @extends NamespaceBase
	* @constructor
	* @param {string} name Service name
	* @param {Object.<string,*>} [options] Service options
	* @throws {TypeError} If arguments are invalid
	*/
	function Service(name, options) {
		Namespace.call(this, name, options);
		/**
		* Service methods.
		* @type {Object.<string,Method>}
		*/
		this.methods = {};
		/**
		* Cached methods as an array.
		* @type {Method[]|null}
		* @private
		*/
		this._methodsArray = null;
	}
	/**
	* Service descriptor.
	* @interface IService
	* @extends INamespace
	* @property {Object.<string,IMethod>} methods Method descriptors
	*/
	/**
	* Constructs a service from a service descriptor.
	* @param {string} name Service name
	* @param {IService} json Service descriptor
	* @param {number} [depth] Current nesting depth, defaults to `0`
	* @returns {Service} Created service
	* @throws {TypeError} If arguments are invalid
	*/
	Service.fromJSON = function fromJSON(name, json, depth) {
		depth = util.checkDepth(depth);
		var service = new Service(name, json.options);
		/* istanbul ignore else */
		if (json.methods) for (var names = Object.keys(json.methods), i = 0; i < names.length; ++i) service.add(Method.fromJSON(names[i], json.methods[names[i]]));
		if (json.nested) service.addJSON(json.nested, depth);
		if (json.edition) service._edition = json.edition;
		service.comment = json.comment;
		service._defaultEdition = "proto3";
		return service;
	};
	/**
	* Converts this service to a service descriptor.
	* @param {IToJSONOptions} [toJSONOptions] JSON conversion options
	* @returns {IService} Service descriptor
	*/
	Service.prototype.toJSON = function toJSON(toJSONOptions) {
		var inherited = Namespace.prototype.toJSON.call(this, toJSONOptions);
		var keepComments = toJSONOptions ? Boolean(toJSONOptions.keepComments) : false;
		return util.toObject([
			"edition",
			this._editionToJSON(),
			"options",
			inherited && inherited.options || void 0,
			"methods",
			Namespace.arrayToJSON(this.methodsArray, toJSONOptions) || /* istanbul ignore next */ {},
			"nested",
			inherited && inherited.nested || void 0,
			"comment",
			keepComments ? this.comment : void 0
		]);
	};
	/**
	* Methods of this service as an array for iteration.
	* @name Service#methodsArray
	* @type {Method[]}
	* @readonly
	*/
	Object.defineProperty(Service.prototype, "methodsArray", { get: function() {
		return this._methodsArray || (this._methodsArray = util.toArray(this.methods));
	} });
	function clearCache(service) {
		service._methodsArray = null;
		return service;
	}
	/**
	* @override
	*/
	Service.prototype.get = function get(name) {
		return Object.prototype.hasOwnProperty.call(this.methods, name) ? this.methods[name] : Namespace.prototype.get.call(this, name);
	};
	/**
	* @override
	*/
	Service.prototype.resolveAll = function resolveAll() {
		if (!this._needsRecursiveResolve) return this;
		Namespace.prototype.resolve.call(this);
		var methods = this.methodsArray;
		for (var i = 0; i < methods.length; ++i) methods[i].resolve();
		return this;
	};
	/**
	* @override
	*/
	Service.prototype._resolveFeaturesRecursive = function _resolveFeaturesRecursive(edition) {
		if (!this._needsRecursiveFeatureResolution) return this;
		edition = this._edition || edition;
		Namespace.prototype._resolveFeaturesRecursive.call(this, edition);
		this.methodsArray.forEach((method) => {
			method._resolveFeaturesRecursive(edition);
		});
		return this;
	};
	/**
	* @override
	*/
	Service.prototype.add = function add(object) {
		/* istanbul ignore if */
		if (this.get(object.name)) throw Error("duplicate name '" + object.name + "' in " + this);
		if (object instanceof Method) {
			if (object.name === "__proto__") return this;
			this.methods[object.name] = object;
			object.parent = this;
			return clearCache(this);
		}
		return Namespace.prototype.add.call(this, object);
	};
	/**
	* @override
	*/
	Service.prototype.remove = function remove(object) {
		if (object instanceof Method) {
			/* istanbul ignore if */
			if (this.methods[object.name] !== object) throw Error(object + " is not a member of " + this);
			delete this.methods[object.name];
			object.parent = null;
			return clearCache(this);
		}
		return Namespace.prototype.remove.call(this, object);
	};
	/**
	* Creates a runtime service using the specified rpc implementation.
	* @param {RPCImpl} rpcImpl RPC implementation
	* @param {boolean} [requestDelimited=false] Whether requests are length-delimited
	* @param {boolean} [responseDelimited=false] Whether responses are length-delimited
	* @returns {rpc.Service} RPC service. Useful where requests and/or responses are streamed.
	*/
	Service.prototype.create = function create(rpcImpl, requestDelimited, responseDelimited) {
		var rpcService = new rpc.Service(rpcImpl, requestDelimited, responseDelimited);
		for (var i = 0, method; i < this.methodsArray.length; ++i) {
			var methodName = util.lcFirst((method = this._methodsArray[i]).resolve().name).replace(/[^$\w_]/g, "");
			rpcService[methodName] = (function(method, requestType, responseType) {
				return function rpcMethod(request, callback) {
					return rpc.Service.prototype.rpcCall.call(this, method, requestType, responseType, request, callback);
				};
			})(method, method.resolvedRequestType.ctor, method.resolvedResponseType.ctor);
		}
		return rpcService;
	};
}));
// node_modules/protobufjs/src/message.js
var require_message = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = Message;
	var util = require_minimal();
	/**
	* Constructs a new message instance.
	* @classdesc Abstract runtime message.
	* @constructor
	* @param {Properties<T>} [properties] Properties to set
	* @template T extends object = object
	*/
	function Message(properties) {
		if (properties) for (var keys = Object.keys(properties), i = 0; i < keys.length; ++i) {
			var key = keys[i];
			if (key === "__proto__") continue;
			this[key] = properties[key];
		}
	}
	/**
	* Reference to the reflected type.
	* @name Message.$type
	* @type {Type}
	* @readonly
	*/
	/**
	* Reference to the reflected type.
	* @name Message#$type
	* @type {Type}
	* @readonly
	*/
	/**
	* Creates a new message of this type using the specified properties.
	* @param {Object.<string,*>} [properties] Properties to set
	* @returns {Message<T>} Message instance
	* @template T extends Message<T>
	* @this Constructor<T>
	*/
	Message.create = function create(properties) {
		return this.$type.create(properties);
	};
	/**
	* Encodes a message of this type.
	* @param {T|Object.<string,*>} message Message to encode
	* @param {Writer} [writer] Writer to use
	* @returns {Writer} Writer
	* @template T extends Message<T>
	* @this Constructor<T>
	*/
	Message.encode = function encode(message, writer) {
		return this.$type.encode(message, writer);
	};
	/**
	* Encodes a message of this type preceeded by its length as a varint.
	* @param {T|Object.<string,*>} message Message to encode
	* @param {Writer} [writer] Writer to use
	* @returns {Writer} Writer
	* @template T extends Message<T>
	* @this Constructor<T>
	*/
	Message.encodeDelimited = function encodeDelimited(message, writer) {
		return this.$type.encodeDelimited(message, writer);
	};
	/**
	* Decodes a message of this type.
	* @name Message.decode
	* @function
	* @param {Reader|Uint8Array} reader Reader or buffer to decode
	* @returns {T} Decoded message
	* @template T extends Message<T>
	* @this Constructor<T>
	*/
	Message.decode = function decode(reader) {
		return this.$type.decode(reader);
	};
	/**
	* Decodes a message of this type preceeded by its length as a varint.
	* @name Message.decodeDelimited
	* @function
	* @param {Reader|Uint8Array} reader Reader or buffer to decode
	* @returns {T} Decoded message
	* @template T extends Message<T>
	* @this Constructor<T>
	*/
	Message.decodeDelimited = function decodeDelimited(reader) {
		return this.$type.decodeDelimited(reader);
	};
	/**
	* Verifies a message of this type.
	* @name Message.verify
	* @function
	* @param {Object.<string,*>} message Plain object to verify
	* @returns {string|null} `null` if valid, otherwise the reason why it is not
	*/
	Message.verify = function verify(message) {
		return this.$type.verify(message);
	};
	/**
	* Creates a new message of this type from a plain object. Also converts values to their respective internal types.
	* @param {Object.<string,*>} object Plain object
	* @returns {T} Message instance
	* @template T extends Message<T>
	* @this Constructor<T>
	*/
	Message.fromObject = function fromObject(object) {
		return this.$type.fromObject(object);
	};
	/**
	* Creates a plain object from a message of this type. Also converts values to other types if specified.
	* @param {T} message Message instance
	* @param {IConversionOptions} [options] Conversion options
	* @returns {Object.<string,*>} Plain object
	* @template T extends Message<T>
	* @this Constructor<T>
	*/
	Message.toObject = function toObject(message, options) {
		return this.$type.toObject(message, options);
	};
	/**
	* Converts this message to JSON.
	* @returns {Object.<string,*>} JSON object
	*/
	Message.prototype.toJSON = function toJSON() {
		return this.$type.toObject(this, util.toJSONOptions);
	};
}));
// node_modules/protobufjs/src/decoder.js
var require_decoder = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = decoder;
	var Enum = require_enum();
	var types = require_types();
	var util = require_util();
	function missing(field) {
		return "missing required '" + field.name + "'";
	}
	/**
	* Generates a decoder specific to the specified message type.
	* @param {Type} mtype Message type
	* @returns {Codegen} Codegen instance
	*/
	function decoder(mtype) {
		var gen = util.codegen([
			"r",
			"l",
			"e",
			"n"
		], mtype.name + "$decode")("if(!(r instanceof Reader))")("r=Reader.create(r)")("if(n===undefined)n=0")("if(n>Reader.recursionLimit)")("throw Error(\"maximum nesting depth exceeded\")")("var c,m" + (mtype.fieldsArray.filter(function(field) {
			return field.map;
		}).length ? ",k,value" : ""))("if(l===undefined)")("c=r.len")("else{")("c=r.pos+l")("if(c>r.len)")("throw RangeError(\"index out of range\")")("l=r.len")("r.len=c")("}")("m=new this.ctor")("while(r.pos<c){")("var t=r.uint32()")("if(t===e)")("break")("switch(t>>>3){");
		var i = 0;
		for (; i < mtype.fieldsArray.length; ++i) {
			var field = mtype._fieldsArray[i].resolve(), type = field.resolvedType instanceof Enum ? "int32" : field.type, ref = "m" + util.safeProp(field.name);
			gen("case %i: {", field.id);
			if (field.map) {
				gen("if(%s===util.emptyObject)", ref)("%s={}", ref)("var c2=r.uint32()+r.pos")("if(c2>r.len)")("throw RangeError(\"index out of range\")")("r.len=c2");
				if (types.defaults[field.keyType] !== void 0) gen("k=%j", types.defaults[field.keyType]);
				else gen("k=null");
				if (types.defaults[type] !== void 0) gen("value=%j", types.defaults[type]);
				else gen("value=null");
				gen("while(r.pos<c2){")("var tag2=r.uint32()")("switch(tag2>>>3){")("case 1: k=r.%s(); break", field.keyType)("case 2:");
				if (types.basic[type] === void 0) gen("value=types[%i].decode(r,r.uint32(),undefined,n+1)", i);
				else gen("value=r.%s()", type);
				gen("break")("default:")("r.skipType(tag2&7,n)")("break")("}")("}")("if(r.pos!==c2)")("throw RangeError(\"index out of range\")")("r.len=c");
				if (types.long[field.keyType] !== void 0) gen("%s[typeof k===\"object\"?util.longToHash(k):k]=value", ref);
				else {
					if (field.keyType === "string") gen("if(k===\"__proto__\")")("util.makeProp(%s,k)", ref);
					gen("%s[k]=value", ref);
				}
			} else if (field.repeated) {
				gen("if(!(%s&&%s.length))", ref, ref)("%s=[]", ref);
				if (types.packed[type] !== void 0) gen("if((t&7)===2){")("var c2=r.uint32()+r.pos")("if(c2>r.len)")("throw RangeError(\"index out of range\")")("r.len=c2")("while(r.pos<c2)")("%s.push(r.%s())", ref, type)("if(r.pos!==c2)")("throw RangeError(\"index out of range\")")("r.len=c")("}else");
				if (types.basic[type] === void 0) gen(field.delimited ? "%s.push(types[%i].decode(r,undefined,((t&~7)|4),n+1))" : "%s.push(types[%i].decode(r,r.uint32(),undefined,n+1))", ref, i);
				else gen("%s.push(r.%s())", ref, type);
			} else if (types.basic[type] === void 0) gen(field.delimited ? "%s=types[%i].decode(r,undefined,((t&~7)|4),n+1)" : "%s=types[%i].decode(r,r.uint32(),undefined,n+1)", ref, i);
			else gen("%s=r.%s()", ref, type);
			gen("break")("}");
		}
		gen("default:")("r.skipType(t&7,n)")("break")("}")("}");
		gen("if(l!==undefined){")("if(r.pos!==c)")("throw RangeError(\"index out of range\")")("r.len=l")("}");
		for (i = 0; i < mtype._fieldsArray.length; ++i) {
			var rfield = mtype._fieldsArray[i];
			if (rfield.required) gen("if(!Object.hasOwnProperty.call(m,%j))", rfield.name)("throw util.ProtocolError(%j,{instance:m})", missing(rfield));
		}
		return gen("return m");
	}
}));
// node_modules/protobufjs/src/verifier.js
var require_verifier = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = verifier;
	var Enum = require_enum();
	var util = require_util();
	function invalid(field, expected) {
		return field.name + ": " + expected + (field.repeated && expected !== "array" ? "[]" : field.map && expected !== "object" ? "{k:" + field.keyType + "}" : "") + " expected";
	}
	/**
	* Generates a partial value verifier.
	* @param {Codegen} gen Codegen instance
	* @param {Field} field Reflected field
	* @param {number} fieldIndex Field index
	* @param {string} ref Variable reference
	* @returns {Codegen} Codegen instance
	* @ignore
	*/
	function genVerifyValue(gen, field, fieldIndex, ref) {
		if (field.resolvedType) {
			if (field.resolvedType instanceof Enum) {
				gen("switch(%s){", ref)("default:")("return%j", invalid(field, "enum value"));
				for (var keys = Object.keys(field.resolvedType.values), j = 0; j < keys.length; ++j) gen("case %i:", field.resolvedType.values[keys[j]]);
				gen("break")("}");
			} else gen("{")("var e=types[%i].verify(%s,n+1);", fieldIndex, ref)("if(e)")("return%j+e", field.name + ".")("}");
		} else switch (field.type) {
			case "int32":
			case "uint32":
			case "sint32":
			case "fixed32":
			case "sfixed32":
				gen("if(!util.isInteger(%s))", ref)("return%j", invalid(field, "integer"));
				break;
			case "int64":
			case "uint64":
			case "sint64":
			case "fixed64":
			case "sfixed64":
				gen("if(!util.isInteger(%s)&&!(%s&&util.isInteger(%s.low)&&util.isInteger(%s.high)))", ref, ref, ref, ref)("return%j", invalid(field, "integer|Long"));
				break;
			case "float":
			case "double":
				gen("if(typeof %s!==\"number\")", ref)("return%j", invalid(field, "number"));
				break;
			case "bool":
				gen("if(typeof %s!==\"boolean\")", ref)("return%j", invalid(field, "boolean"));
				break;
			case "string":
				gen("if(!util.isString(%s))", ref)("return%j", invalid(field, "string"));
				break;
			case "bytes": gen("if(!(%s&&typeof %s.length===\"number\"||util.isString(%s)))", ref, ref, ref)("return%j", invalid(field, "buffer"));
		}
		return gen;
	}
	/**
	* Generates a partial key verifier.
	* @param {Codegen} gen Codegen instance
	* @param {Field} field Reflected field
	* @param {string} ref Variable reference
	* @returns {Codegen} Codegen instance
	* @ignore
	*/
	function genVerifyKey(gen, field, ref) {
		switch (field.keyType) {
			case "int32":
			case "uint32":
			case "sint32":
			case "fixed32":
			case "sfixed32":
				gen("if(!util.key32Re.test(%s))", ref)("return%j", invalid(field, "integer key"));
				break;
			case "int64":
			case "uint64":
			case "sint64":
			case "fixed64":
			case "sfixed64":
				gen("if(!util.key64Re.test(%s))", ref)("return%j", invalid(field, "integer|Long key"));
				break;
			case "bool": gen("if(!util.key2Re.test(%s))", ref)("return%j", invalid(field, "boolean key"));
		}
		return gen;
	}
	/**
	* Generates a verifier specific to the specified message type.
	* @param {Type} mtype Message type
	* @returns {Codegen} Codegen instance
	*/
	function verifier(mtype) {
		var gen = util.codegen(["m", "n"], mtype.name + "$verify")("if(typeof m!==\"object\"||m===null)")("return%j", "object expected")("if(n===undefined)n=0")("if(n>util.recursionLimit)")("return%j", "maximum nesting depth exceeded");
		var oneofs = mtype.oneofsArray, seenFirstField = {};
		if (oneofs.length) gen("var p={}");
		for (var i = 0; i < mtype.fieldsArray.length; ++i) {
			var field = mtype._fieldsArray[i].resolve(), ref = "m" + util.safeProp(field.name);
			if (field.optional) gen("if(%s!=null&&Object.hasOwnProperty.call(m,%j)){", ref, field.name);
			if (field.map) {
				gen("if(!util.isObject(%s))", ref)("return%j", invalid(field, "object"))("var k=Object.keys(%s)", ref)("for(var i=0;i<k.length;++i){");
				genVerifyKey(gen, field, "k[i]");
				genVerifyValue(gen, field, i, ref + "[k[i]]")("}");
			} else if (field.repeated) {
				gen("if(!Array.isArray(%s))", ref)("return%j", invalid(field, "array"))("for(var i=0;i<%s.length;++i){", ref);
				genVerifyValue(gen, field, i, ref + "[i]")("}");
			} else {
				if (field.partOf) {
					var oneofProp = util.safeProp(field.partOf.name);
					if (seenFirstField[field.partOf.name] === 1) gen("if(p%s===1)", oneofProp)("return%j", field.partOf.name + ": multiple values");
					seenFirstField[field.partOf.name] = 1;
					gen("p%s=1", oneofProp);
				}
				genVerifyValue(gen, field, i, ref);
			}
			if (field.optional) gen("}");
		}
		return gen("return null");
	}
}));
// node_modules/protobufjs/src/converter.js
var require_converter = /* @__PURE__ */ __commonJSMin(((exports) => {
	/**
	* Runtime message from/to plain object converters.
	* @namespace
	*/
	var converter = exports;
	var Enum = require_enum();
	var util = require_util();
	/**
	* Generates a partial value fromObject conveter.
	* @param {Codegen} gen Codegen instance
	* @param {Field} field Reflected field
	* @param {number} fieldIndex Field index
	* @param {string} prop Property reference
	* @returns {Codegen} Codegen instance
	* @ignore
	*/
	function genValuePartial_fromObject(gen, field, fieldIndex, prop) {
		var defaultAlreadyEmitted = false;
		if (field.resolvedType) {
			if (field.resolvedType instanceof Enum) {
				gen("switch(d%s){", prop);
				for (var values = field.resolvedType.values, keys = Object.keys(values), i = 0; i < keys.length; ++i) {
					if (values[keys[i]] === field.typeDefault && !defaultAlreadyEmitted) {
						gen("default:")("if(typeof(d%s)===\"number\"){m%s=d%s;break}", prop, prop, prop);
						if (!field.repeated) gen("break");
						defaultAlreadyEmitted = true;
					}
					gen("case%j:", keys[i])("case %i:", values[keys[i]])("m%s=%j", prop, values[keys[i]])("break");
				}
				gen("}");
			} else gen("if(!util.isObject(d%s))", prop)("throw TypeError(%j)", field.fullName + ": object expected")("m%s=types[%i].fromObject(d%s,n+1)", prop, fieldIndex, prop);
		} else {
			var isUnsigned = false;
			switch (field.type) {
				case "double":
				case "float":
					gen("m%s=Number(d%s)", prop, prop);
					break;
				case "uint32":
				case "fixed32":
					gen("m%s=d%s>>>0", prop, prop);
					break;
				case "int32":
				case "sint32":
				case "sfixed32":
					gen("m%s=d%s|0", prop, prop);
					break;
				case "uint64":
				case "fixed64": isUnsigned = true;
				case "int64":
				case "sint64":
				case "sfixed64":
					gen("if(util.Long)")("m%s=util.Long.fromValue(d%s,%j)", prop, prop, isUnsigned)("else if(typeof d%s===\"string\")", prop)("m%s=parseInt(d%s,10)", prop, prop)("else if(typeof d%s===\"number\")", prop)("m%s=d%s", prop, prop)("else if(typeof d%s===\"object\")", prop)("m%s=new util.LongBits(d%s.low>>>0,d%s.high>>>0).toNumber(%s)", prop, prop, prop, isUnsigned ? "true" : "");
					break;
				case "bytes":
					gen("if(typeof d%s===\"string\")", prop)("util.base64.decode(d%s,m%s=util.newBuffer(util.base64.length(d%s)),0)", prop, prop, prop)("else if(d%s.length >= 0)", prop)("m%s=d%s", prop, prop);
					break;
				case "string":
					gen("m%s=String(d%s)", prop, prop);
					break;
				case "bool": gen("m%s=Boolean(d%s)", prop, prop);
			}
		}
		return gen;
	}
	/**
	* Generates a plain object to runtime message converter specific to the specified message type.
	* @param {Type} mtype Message type
	* @returns {Codegen} Codegen instance
	*/
	converter.fromObject = function fromObject(mtype) {
		var fields = mtype.fieldsArray;
		var gen = util.codegen(["d", "n"], mtype.name + "$fromObject")("if(d instanceof this.ctor)")("return d");
		if (!fields.length) return gen("return new this.ctor");
		gen("if(!util.isObject(d))")("throw TypeError(%j)", mtype.fullName + ": object expected")("if(n===undefined)n=0")("if(n>util.recursionLimit)")("throw Error(\"maximum nesting depth exceeded\")");
		gen("var m=new this.ctor");
		for (var i = 0; i < fields.length; ++i) {
			var field = fields[i].resolve(), prop = util.safeProp(field.name);
			if (field.map) {
				gen("if(d%s){", prop)("if(!util.isObject(d%s))", prop)("throw TypeError(%j)", field.fullName + ": object expected")("m%s={}", prop)("for(var ks=Object.keys(d%s),i=0;i<ks.length;++i){", prop);
				gen("if(ks[i]===\"__proto__\")")("util.makeProp(m%s,ks[i])", prop);
				genValuePartial_fromObject(gen, field, i, prop + "[ks[i]]")("}")("}");
			} else if (field.repeated) {
				gen("if(d%s){", prop)("if(!Array.isArray(d%s))", prop)("throw TypeError(%j)", field.fullName + ": array expected")("m%s=[]", prop)("for(var i=0;i<d%s.length;++i){", prop);
				genValuePartial_fromObject(gen, field, i, prop + "[i]")("}")("}");
			} else {
				if (!(field.resolvedType instanceof Enum)) gen("if(d%s!=null){", prop);
				genValuePartial_fromObject(gen, field, i, prop);
				if (!(field.resolvedType instanceof Enum)) gen("}");
			}
		}
		return gen("return m");
	};
	/**
	* Generates a partial value toObject converter.
	* @param {Codegen} gen Codegen instance
	* @param {Field} field Reflected field
	* @param {number} fieldIndex Field index
	* @param {string} prop Property reference
	* @returns {Codegen} Codegen instance
	* @ignore
	*/
	function genValuePartial_toObject(gen, field, fieldIndex, prop) {
		if (field.resolvedType) {
			if (field.resolvedType instanceof Enum) gen("d%s=o.enums===String?(types[%i].values[m%s]===undefined?m%s:types[%i].values[m%s]):m%s", prop, fieldIndex, prop, prop, fieldIndex, prop, prop);
			else gen("d%s=types[%i].toObject(m%s,o,q+1)", prop, fieldIndex, prop);
		} else {
			var isUnsigned = false;
			switch (field.type) {
				case "double":
				case "float":
					gen("d%s=o.json&&!isFinite(m%s)?String(m%s):m%s", prop, prop, prop, prop);
					break;
				case "uint64":
				case "fixed64": isUnsigned = true;
				case "int64":
				case "sint64":
				case "sfixed64":
					gen("if(typeof BigInt!==\"undefined\"&&o.longs===BigInt)")("d%s=typeof m%s===\"number\"?BigInt(m%s):util.Long.fromBits(m%s.low>>>0,m%s.high>>>0,%j).toBigInt()", prop, prop, prop, prop, prop, isUnsigned)("else if(typeof m%s===\"number\")", prop)("d%s=o.longs===String?String(m%s):m%s", prop, prop, prop)("else")("d%s=o.longs===String?util.Long.prototype.toString.call(m%s):o.longs===Number?new util.LongBits(m%s.low>>>0,m%s.high>>>0).toNumber(%s):m%s", prop, prop, prop, prop, isUnsigned ? "true" : "", prop);
					break;
				case "bytes":
					gen("d%s=o.bytes===String?util.base64.encode(m%s,0,m%s.length):o.bytes===Array?Array.prototype.slice.call(m%s):m%s", prop, prop, prop, prop, prop);
					break;
				default: gen("d%s=m%s", prop, prop);
			}
		}
		return gen;
	}
	/**
	* Generates a runtime message to plain object converter specific to the specified message type.
	* @param {Type} mtype Message type
	* @returns {Codegen} Codegen instance
	*/
	converter.toObject = function toObject(mtype) {
		var fields = mtype.fieldsArray.slice().sort(util.compareFieldsById);
		if (!fields.length) return util.codegen()("return {}");
		var gen = util.codegen([
			"m",
			"o",
			"q"
		], mtype.name + "$toObject")("if(!o)")("o={}")("if(q===undefined)q=0")("if(q>util.recursionLimit)")("throw Error(\"max depth exceeded\")")("var d={}");
		var repeatedFields = [], mapFields = [], normalFields = [], i = 0;
		for (; i < fields.length; ++i) if (!fields[i].partOf) (fields[i].resolve().repeated ? repeatedFields : fields[i].map ? mapFields : normalFields).push(fields[i]);
		if (repeatedFields.length) {
			gen("if(o.arrays||o.defaults){");
			for (i = 0; i < repeatedFields.length; ++i) gen("d%s=[]", util.safeProp(repeatedFields[i].name));
			gen("}");
		}
		if (mapFields.length) {
			gen("if(o.objects||o.defaults){");
			for (i = 0; i < mapFields.length; ++i) gen("d%s={}", util.safeProp(mapFields[i].name));
			gen("}");
		}
		if (normalFields.length) {
			gen("if(o.defaults){");
			for (i = 0; i < normalFields.length; ++i) {
				var field = normalFields[i], prop = util.safeProp(field.name);
				if (field.resolvedType instanceof Enum) gen("d%s=o.enums===String?%j:%j", prop, field.resolvedType.valuesById[field.typeDefault], field.typeDefault);
				else if (field.long) gen("if(util.Long){")("var n=new util.Long(%i,%i,%j)", field.typeDefault.low, field.typeDefault.high, field.typeDefault.unsigned)("d%s=o.longs===String?n.toString():o.longs===Number?n.toNumber():typeof BigInt!==\"undefined\"&&o.longs===BigInt?n.toBigInt():n", prop)("}else")("d%s=o.longs===String?%j:typeof BigInt!==\"undefined\"&&o.longs===BigInt?BigInt(%j):%i", prop, field.typeDefault.toString(), field.typeDefault.toString(), field.typeDefault.toNumber());
				else if (field.bytes) {
					var arrayDefault = Array.prototype.slice.call(field.typeDefault);
					gen("if(o.bytes===String)d%s=%j", prop, String.fromCharCode.apply(String, field.typeDefault))("else{")("d%s=%j", prop, arrayDefault)("if(o.bytes!==Array)d%s=util.newBuffer(d%s)", prop, prop)("}");
				} else gen("d%s=%j", prop, field.typeDefault);
			}
			gen("}");
		}
		var hasKs2 = false;
		for (i = 0; i < fields.length; ++i) {
			var field = fields[i], index = mtype._fieldsArray.indexOf(field), prop = util.safeProp(field.name);
			if (field.map) {
				if (!hasKs2) {
					hasKs2 = true;
					gen("var ks2");
				}
				gen("if(m%s&&(ks2=Object.keys(m%s)).length){", prop, prop)("d%s={}", prop)("for(var j=0;j<ks2.length;++j){");
				gen("if(ks2[j]===\"__proto__\")")("util.makeProp(d%s,ks2[j])", prop);
				genValuePartial_toObject(gen, field, index, prop + "[ks2[j]]")("}");
			} else if (field.repeated) {
				gen("if(m%s&&m%s.length){", prop, prop)("d%s=[]", prop)("for(var j=0;j<m%s.length;++j){", prop);
				genValuePartial_toObject(gen, field, index, prop + "[j]")("}");
			} else {
				gen("if(m%s!=null&&Object.hasOwnProperty.call(m,%j)){", prop, field.name);
				genValuePartial_toObject(gen, field, index, prop);
				if (field.partOf) gen("if(o.oneofs)")("d%s=%j", util.safeProp(field.partOf.name), field.name);
			}
			gen("}");
		}
		return gen("return d");
	};
}));
// node_modules/protobufjs/src/wrappers.js
var require_wrappers = /* @__PURE__ */ __commonJSMin(((exports) => {
	/**
	* Wrappers for common types.
	* @type {Object.<string,IWrapper>}
	* @const
	*/
	var wrappers = exports;
	var Message = require_message();
	var util = require_minimal();
	/**
	* From object converter part of an {@link IWrapper}.
	* @typedef WrapperFromObjectConverter
	* @type {function}
	* @param {Object.<string,*>} object Plain object
	* @returns {Message<{}>} Message instance
	* @this Type
	*/
	/**
	* To object converter part of an {@link IWrapper}.
	* @typedef WrapperToObjectConverter
	* @type {function}
	* @param {Message<{}>} message Message instance
	* @param {IConversionOptions} [options] Conversion options
	* @returns {Object.<string,*>} Plain object
	* @this Type
	*/
	/**
	* Common type wrapper part of {@link wrappers}.
	* @interface IWrapper
	* @property {WrapperFromObjectConverter} [fromObject] From object converter
	* @property {WrapperToObjectConverter} [toObject] To object converter
	*/
	wrappers[".google.protobuf.Any"] = {
		fromObject: function(object, depth) {
			if (depth === void 0) depth = 0;
			if (depth > util.recursionLimit) throw Error("max depth exceeded");
			if (object && object["@type"]) {
				var name = object["@type"].substring(object["@type"].lastIndexOf("/") + 1);
				var type = this.lookup(name);
				/* istanbul ignore else */
				if (type) {
					var type_url = object["@type"].charAt(0) === "." ? object["@type"].slice(1) : object["@type"];
					if (type_url.indexOf("/") === -1) type_url = "/" + type_url;
					return this.create({
						type_url,
						value: type.encode(type.fromObject(object, depth + 1)).finish()
					});
				}
			}
			return this.fromObject(object, depth);
		},
		toObject: function(message, options, depth) {
			if (depth === void 0) depth = 0;
			if (depth > util.recursionLimit) throw Error("max depth exceeded");
			var googleApi = "type.googleapis.com/";
			var prefix = "";
			var name = "";
			if (options && options.json && message.type_url && message.value) {
				name = message.type_url.substring(message.type_url.lastIndexOf("/") + 1);
				prefix = message.type_url.substring(0, message.type_url.lastIndexOf("/") + 1);
				var type = this.lookup(name);
				/* istanbul ignore else */
				if (type) message = type.decode(message.value, void 0, void 0, depth + 1);
			}
			if (!(message instanceof this.ctor) && message instanceof Message) {
				var object = message.$type.toObject(message, options, depth + 1);
				var messageName = message.$type.fullName[0] === "." ? message.$type.fullName.slice(1) : message.$type.fullName;
				if (prefix === "") prefix = googleApi;
				name = prefix + messageName;
				object["@type"] = name;
				return object;
			}
			return this.toObject(message, options, depth);
		}
	};
}));
// node_modules/protobufjs/src/type.js
var require_type = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = Type;
	var Namespace = require_namespace();
	((Type.prototype = Object.create(Namespace.prototype)).constructor = Type).className = "Type";
	var Enum = require_enum();
	var OneOf = require_oneof();
	var Field = require_field();
	var MapField = require_mapfield();
	var Service = require_service();
	var Message = require_message();
	var Reader = require_reader();
	var Writer = require_writer();
	var util = require_util();
	var encoder = require_encoder();
	var decoder = require_decoder();
	var verifier = require_verifier();
	var converter = require_converter();
	var wrappers = require_wrappers();
	/**
	* Constructs a new reflected message type instance.
	* @classdesc Reflected message type.
	* @extends NamespaceBase
	* @constructor
	* @param {string} name Message name
	* @param {Object.<string,*>} [options] Declared options
	*/
	function Type(name, options) {
		name = name.replace(/\W/g, "");
		Namespace.call(this, name, options);
		/**
		* Message fields.
		* @type {Object.<string,Field>}
		*/
		this.fields = {};
		/**
		* Oneofs declared within this namespace, if any.
		* @type {Object.<string,OneOf>}
		*/
		this.oneofs = void 0;
		/**
		* Extension ranges, if any.
		* @type {number[][]}
		*/
		this.extensions = void 0;
		/**
		* Reserved ranges, if any.
		* @type {Array.<number[]|string>}
		*/
		this.reserved = void 0;
		this.group = void 0;
		/**
		* Cached fields by id.
		* @type {Object.<number,Field>|null}
		* @private
		*/
		this._fieldsById = null;
		/**
		* Cached fields as an array.
		* @type {Field[]|null}
		* @private
		*/
		this._fieldsArray = null;
		/**
		* Cached oneofs as an array.
		* @type {OneOf[]|null}
		* @private
		*/
		this._oneofsArray = null;
		/**
		* Cached constructor.
		* @type {Constructor<{}>}
		* @private
		*/
		this._ctor = null;
	}
	Object.defineProperties(Type.prototype, {
		/**
		* Message fields by id.
		* @name Type#fieldsById
		* @type {Object.<number,Field>}
		* @readonly
		*/
		fieldsById: { get: function() {
			/* istanbul ignore if */
			if (this._fieldsById) return this._fieldsById;
			this._fieldsById = {};
			for (var names = Object.keys(this.fields), i = 0; i < names.length; ++i) {
				var field = this.fields[names[i]], id = field.id;
				/* istanbul ignore if */
				if (this._fieldsById[id]) throw Error("duplicate id " + id + " in " + this);
				this._fieldsById[id] = field;
			}
			return this._fieldsById;
		} },
		/**
		* Fields of this message as an array for iteration.
		* @name Type#fieldsArray
		* @type {Field[]}
		* @readonly
		*/
		fieldsArray: { get: function() {
			return this._fieldsArray || (this._fieldsArray = util.toArray(this.fields));
		} },
		/**
		* Oneofs of this message as an array for iteration.
		* @name Type#oneofsArray
		* @type {OneOf[]}
		* @readonly
		*/
		oneofsArray: { get: function() {
			return this._oneofsArray || (this._oneofsArray = util.toArray(this.oneofs));
		} },
		/**
		* The registered constructor, if any registered, otherwise a generic constructor.
		* Assigning a function replaces the internal constructor. If the function does not extend {@link Message} yet, its prototype will be setup accordingly and static methods will be populated. If it already extends {@link Message}, it will just replace the internal constructor.
		* @name Type#ctor
		* @type {Constructor<{}>}
		*/
		ctor: {
			get: function() {
				return this._ctor || (this.ctor = Type.generateConstructor(this)());
			},
			set: function(ctor) {
				var prototype = ctor.prototype;
				if (!(prototype instanceof Message)) {
					(ctor.prototype = new Message()).constructor = ctor;
					util.merge(ctor.prototype, prototype);
				}
				ctor.$type = ctor.prototype.$type = this;
				util.merge(ctor, Message, true);
				this._ctor = ctor;
				var i = 0;
				for (; i < this.fieldsArray.length; ++i) this._fieldsArray[i].resolve();
				var ctorProperties = {};
				for (i = 0; i < this.oneofsArray.length; ++i) ctorProperties[this._oneofsArray[i].resolve().name] = {
					get: util.oneOfGetter(this._oneofsArray[i].oneof),
					set: util.oneOfSetter(this._oneofsArray[i].oneof)
				};
				if (i) Object.defineProperties(ctor.prototype, ctorProperties);
			}
		}
	});
	/**
	* Generates a constructor function for the specified type.
	* @param {Type} mtype Message type
	* @returns {Codegen} Codegen instance
	*/
	Type.generateConstructor = function generateConstructor(mtype) {
		var gen = util.codegen(["p"], mtype.name);
		for (var i = 0, field; i < mtype.fieldsArray.length; ++i) if ((field = mtype._fieldsArray[i]).map) gen("this%s={}", util.safeProp(field.name));
		else if (field.repeated) gen("this%s=[]", util.safeProp(field.name));
		return gen("if(p)for(var ks=Object.keys(p),i=0;i<ks.length;++i)if(p[ks[i]]!=null&&ks[i]!==\"__proto__\")")("this[ks[i]]=p[ks[i]]");
	};
	function clearCache(type) {
		type._fieldsById = type._fieldsArray = type._oneofsArray = null;
		delete type.encode;
		delete type.decode;
		delete type.verify;
		return type;
	}
	/**
	* Message type descriptor.
	* @interface IType
	* @extends INamespace
	* @property {Object.<string,IOneOf>} [oneofs] Oneof descriptors
	* @property {Object.<string,IField>} fields Field descriptors
	* @property {number[][]} [extensions] Extension ranges
	* @property {Array.<number[]|string>} [reserved] Reserved ranges
	* @property {boolean} [group=false] Whether a legacy group or not
	*/
	/**
	* Creates a message type from a message type descriptor.
	* @param {string} name Message name
	* @param {IType} json Message type descriptor
	* @param {number} [depth] Current nesting depth, defaults to `0`
	* @returns {Type} Created message type
	*/
	Type.fromJSON = function fromJSON(name, json, depth) {
		if (depth === void 0) depth = 0;
		if (depth > util.nestingLimit) throw Error("max depth exceeded");
		var type = new Type(name, json.options);
		type.extensions = json.extensions;
		type.reserved = json.reserved;
		var names = Object.keys(json.fields), i = 0;
		for (; i < names.length; ++i) type.add((typeof json.fields[names[i]].keyType !== "undefined" ? MapField.fromJSON : Field.fromJSON)(names[i], json.fields[names[i]]));
		if (json.oneofs) for (names = Object.keys(json.oneofs), i = 0; i < names.length; ++i) type.add(OneOf.fromJSON(names[i], json.oneofs[names[i]]));
		if (json.nested) for (names = Object.keys(json.nested), i = 0; i < names.length; ++i) {
			var nested = json.nested[names[i]];
			type.add((nested.id !== void 0 ? Field.fromJSON : nested.fields !== void 0 ? Type.fromJSON : nested.values !== void 0 ? Enum.fromJSON : nested.methods !== void 0 ? Service.fromJSON : Namespace.fromJSON)(names[i], nested, depth + 1));
		}
		if (json.extensions && json.extensions.length) type.extensions = json.extensions;
		if (json.reserved && json.reserved.length) type.reserved = json.reserved;
		if (json.group) type.group = true;
		if (json.comment) type.comment = json.comment;
		if (json.edition) type._edition = json.edition;
		type._defaultEdition = "proto3";
		return type;
	};
	/**
	* Converts this message type to a message type descriptor.
	* @param {IToJSONOptions} [toJSONOptions] JSON conversion options
	* @returns {IType} Message type descriptor
	*/
	Type.prototype.toJSON = function toJSON(toJSONOptions) {
		var inherited = Namespace.prototype.toJSON.call(this, toJSONOptions);
		var keepComments = toJSONOptions ? Boolean(toJSONOptions.keepComments) : false;
		return util.toObject([
			"edition",
			this._editionToJSON(),
			"options",
			inherited && inherited.options || void 0,
			"oneofs",
			Namespace.arrayToJSON(this.oneofsArray, toJSONOptions),
			"fields",
			Namespace.arrayToJSON(this.fieldsArray.filter(function(obj) {
				return !obj.declaringField;
			}), toJSONOptions) || {},
			"extensions",
			this.extensions && this.extensions.length ? this.extensions : void 0,
			"reserved",
			this.reserved && this.reserved.length ? this.reserved : void 0,
			"group",
			this.group || void 0,
			"nested",
			inherited && inherited.nested || void 0,
			"comment",
			keepComments ? this.comment : void 0
		]);
	};
	/**
	* @override
	*/
	Type.prototype.resolveAll = function resolveAll() {
		if (!this._needsRecursiveResolve) return this;
		Namespace.prototype.resolveAll.call(this);
		var oneofs = this.oneofsArray;
		i = 0;
		while (i < oneofs.length) oneofs[i++].resolve();
		var fields = this.fieldsArray, i = 0;
		while (i < fields.length) fields[i++].resolve();
		return this;
	};
	/**
	* @override
	*/
	Type.prototype._resolveFeaturesRecursive = function _resolveFeaturesRecursive(edition) {
		if (!this._needsRecursiveFeatureResolution) return this;
		edition = this._edition || edition;
		Namespace.prototype._resolveFeaturesRecursive.call(this, edition);
		this.oneofsArray.forEach((oneof) => {
			oneof._resolveFeatures(edition);
		});
		this.fieldsArray.forEach((field) => {
			field._resolveFeatures(edition);
		});
		return this;
	};
	/**
	* @override
	*/
	Type.prototype.get = function get(name) {
		if (Object.prototype.hasOwnProperty.call(this.fields, name)) return this.fields[name];
		if (this.oneofs && Object.prototype.hasOwnProperty.call(this.oneofs, name)) return this.oneofs[name];
		if (this.nested && Object.prototype.hasOwnProperty.call(this.nested, name)) return this.nested[name];
		return null;
	};
	/**
	* Adds a nested object to this type.
	* @param {ReflectionObject} object Nested object to add
	* @returns {Type} `this`
	* @throws {TypeError} If arguments are invalid
	* @throws {Error} If there is already a nested object with this name or, if a field, when there is already a field with this id
	*/
	Type.prototype.add = function add(object) {
		if (this.get(object.name)) throw Error("duplicate name '" + object.name + "' in " + this);
		if (object instanceof Field && object.extend === void 0) {
			if (this._fieldsById ? /* istanbul ignore next */ this._fieldsById[object.id] : this.fieldsById[object.id]) throw Error("duplicate id " + object.id + " in " + this);
			if (this.isReservedId(object.id)) throw Error("id " + object.id + " is reserved in " + this);
			if (this.isReservedName(object.name) || object.name.charAt(0) === "$") throw Error("name '" + object.name + "' is reserved in " + this);
			if (object.name === "__proto__") return this;
			if (object.parent) object.parent.remove(object);
			this.fields[object.name] = object;
			object.message = this;
			object.onAdd(this);
			return clearCache(this);
		}
		if (object instanceof OneOf) {
			if (object.name.charAt(0) === "$") throw Error("name '" + object.name + "' is reserved in " + this);
			if (object.name === "__proto__") return this;
			if (!this.oneofs) this.oneofs = {};
			this.oneofs[object.name] = object;
			object.onAdd(this);
			return clearCache(this);
		}
		return Namespace.prototype.add.call(this, object);
	};
	/**
	* Removes a nested object from this type.
	* @param {ReflectionObject} object Nested object to remove
	* @returns {Type} `this`
	* @throws {TypeError} If arguments are invalid
	* @throws {Error} If `object` is not a member of this type
	*/
	Type.prototype.remove = function remove(object) {
		if (object instanceof Field && object.extend === void 0) {
			/* istanbul ignore if */
			if (!this.fields || this.fields[object.name] !== object) throw Error(object + " is not a member of " + this);
			delete this.fields[object.name];
			object.parent = null;
			object.onRemove(this);
			return clearCache(this);
		}
		if (object instanceof OneOf) {
			/* istanbul ignore if */
			if (!this.oneofs || this.oneofs[object.name] !== object) throw Error(object + " is not a member of " + this);
			delete this.oneofs[object.name];
			object.parent = null;
			object.onRemove(this);
			return clearCache(this);
		}
		return Namespace.prototype.remove.call(this, object);
	};
	/**
	* Tests if the specified id is reserved.
	* @param {number} id Id to test
	* @returns {boolean} `true` if reserved, otherwise `false`
	*/
	Type.prototype.isReservedId = function isReservedId(id) {
		return Namespace.isReservedId(this.reserved, id);
	};
	/**
	* Tests if the specified name is reserved.
	* @param {string} name Name to test
	* @returns {boolean} `true` if reserved, otherwise `false`
	*/
	Type.prototype.isReservedName = function isReservedName(name) {
		return Namespace.isReservedName(this.reserved, name);
	};
	/**
	* Creates a new message of this type using the specified properties.
	* @param {Object.<string,*>} [properties] Properties to set
	* @returns {Message<{}>} Message instance
	*/
	Type.prototype.create = function create(properties) {
		return new this.ctor(properties);
	};
	/**
	* Sets up {@link Type#encode|encode}, {@link Type#decode|decode} and {@link Type#verify|verify}.
	* @returns {Type} `this`
	*/
	Type.prototype.setup = function setup() {
		var fullName = this.fullName, types = [];
		for (var i = 0; i < this.fieldsArray.length; ++i) types.push(this._fieldsArray[i].resolve().resolvedType);
		this.encode = encoder(this)({
			Writer,
			types,
			util
		});
		this.decode = decoder(this)({
			Reader,
			types,
			util
		});
		this.verify = verifier(this)({
			types,
			util
		});
		this.fromObject = converter.fromObject(this)({
			types,
			util
		});
		this.toObject = converter.toObject(this)({
			types,
			util
		});
		var wrapper = wrappers[fullName];
		if (wrapper) {
			var originalThis = Object.create(this);
			originalThis.fromObject = this.fromObject;
			this.fromObject = wrapper.fromObject.bind(originalThis);
			originalThis.toObject = this.toObject;
			this.toObject = wrapper.toObject.bind(originalThis);
		}
		return this;
	};
	/**
	* Encodes a message of this type. Does not implicitly {@link Type#verify|verify} messages.
	* @param {Message<{}>|Object.<string,*>} message Message instance or plain object
	* @param {Writer} [writer] Writer to encode to
	* @returns {Writer} writer
	*/
	Type.prototype.encode = function encode_setup(message, writer) {
		return this.setup().encode.apply(this, arguments);
	};
	/**
	* Encodes a message of this type preceeded by its byte length as a varint. Does not implicitly {@link Type#verify|verify} messages.
	* @param {Message<{}>|Object.<string,*>} message Message instance or plain object
	* @param {Writer} [writer] Writer to encode to
	* @returns {Writer} writer
	*/
	Type.prototype.encodeDelimited = function encodeDelimited(message, writer) {
		return this.encode(message, writer && writer.len ? writer.fork() : writer).ldelim();
	};
	/**
	* Decodes a message of this type.
	* @param {Reader|Uint8Array} reader Reader or buffer to decode from
	* @param {number} [length] Length of the message, if known beforehand
	* @param {number} [end] Expected group end tag, if decoding a group
	* @param {number} [depth] Current nesting depth
	* @returns {Message<{}>} Decoded message
	* @throws {Error} If the payload is not a reader or valid buffer
	* @throws {util.ProtocolError<{}>} If required fields are missing
	*/
	Type.prototype.decode = function decode_setup(reader, length, end, depth) {
		return this.setup().decode(reader, length, end, depth);
	};
	/**
	* Decodes a message of this type preceeded by its byte length as a varint.
	* @param {Reader|Uint8Array} reader Reader or buffer to decode from
	* @returns {Message<{}>} Decoded message
	* @throws {Error} If the payload is not a reader or valid buffer
	* @throws {util.ProtocolError} If required fields are missing
	*/
	Type.prototype.decodeDelimited = function decodeDelimited(reader) {
		if (!(reader instanceof Reader)) reader = Reader.create(reader);
		return this.decode(reader, reader.uint32());
	};
	/**
	* Verifies that field values are valid and that required fields are present.
	* @param {Object.<string,*>} message Plain object to verify
	* @param {number} [depth] Current nesting depth
	* @returns {null|string} `null` if valid, otherwise the reason why it is not
	*/
	Type.prototype.verify = function verify_setup(message, depth) {
		return this.setup().verify(message, depth);
	};
	/**
	* Creates a new message of this type from a plain object. Also converts values to their respective internal types.
	* @param {Object.<string,*>} object Plain object to convert
	* @param {number} [depth] Current nesting depth
	* @returns {Message<{}>} Message instance
	*/
	Type.prototype.fromObject = function fromObject(object, depth) {
		return this.setup().fromObject(object, depth);
	};
	/**
	* Conversion options as used by {@link Type#toObject} and {@link Message.toObject}.
	* @interface IConversionOptions
	* @property {Function} [longs] Long conversion type.
	* Valid values are `BigInt`, `String` and `Number` (the global types).
	* Defaults to copy the present value, which is a possibly unsafe number without and a {@link Long} with a long library.
	* @property {Function} [enums] Enum value conversion type.
	* Only valid value is `String` (the global type).
	* Defaults to copy the present value, which is the numeric id.
	* @property {Function} [bytes] Bytes value conversion type.
	* Valid values are `Array` and (a base64 encoded) `String` (the global types).
	* Defaults to copy the present value, which usually is a Buffer under node and an Uint8Array in the browser.
	* @property {boolean} [defaults=false] Also sets default values on the resulting object
	* @property {boolean} [arrays=false] Sets empty arrays for missing repeated fields even if `defaults=false`
	* @property {boolean} [objects=false] Sets empty objects for missing map fields even if `defaults=false`
	* @property {boolean} [oneofs=false] Includes virtual oneof properties set to the present field's name, if any
	* @property {boolean} [json=false] Performs additional JSON compatibility conversions, i.e. NaN and Infinity to strings
	*/
	/**
	* Creates a plain object from a message of this type. Also converts values to other types if specified.
	* @param {Message<{}>} message Message instance
	* @param {IConversionOptions} [options] Conversion options
	* @returns {Object.<string,*>} Plain object
	*/
	Type.prototype.toObject = function toObject(message, options) {
		return this.setup().toObject.apply(this, arguments);
	};
	/**
	* Decorator function as returned by {@link Type.d} (TypeScript).
	* @typedef TypeDecorator
	* @type {function}
	* @param {Constructor<T>} target Target constructor
	* @returns {undefined}
	* @template T extends Message<T>
	*/
	/**
	* Type decorator (TypeScript).
	* @param {string} [typeName] Type name, defaults to the constructor's name
	* @returns {TypeDecorator<T>} Decorator function
	* @template T extends Message<T>
	*/
	Type.d = function decorateType(typeName) {
		return function typeDecorator(target) {
			util.decorateType(target, typeName);
		};
	};
}));
// node_modules/protobufjs/src/root.js
var require_root = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = Root;
	var Namespace = require_namespace();
	((Root.prototype = Object.create(Namespace.prototype)).constructor = Root).className = "Root";
	var Field = require_field();
	var Enum = require_enum();
	var OneOf = require_oneof();
	var util = require_util();
	var Type;
	var parse;
	var common;
	/**
	* Constructs a new root namespace instance.
	* @classdesc Root namespace wrapping all types, enums, services, sub-namespaces etc. that belong together.
	* @extends NamespaceBase
	* @constructor
	* @param {Object.<string,*>} [options] Top level options
	*/
	function Root(options) {
		Namespace.call(this, "", options);
		/**
		* Deferred extension fields.
		* @type {Field[]}
		*/
		this.deferred = [];
		/**
		* Resolved file names of loaded files.
		* @type {string[]}
		*/
		this.files = [];
		/**
		* Edition, defaults to proto2 if unspecified.
		* @type {string}
		* @private
		*/
		this._edition = "proto2";
		/**
		* Global lookup cache of fully qualified names.
		* @type {Object.<string,ReflectionObject>}
		* @private
		*/
		this._fullyQualifiedObjects = {};
	}
	/**
	* Loads a namespace descriptor into a root namespace.
	* @param {INamespace} json Namespace descriptor
	* @param {Root} [root] Root namespace, defaults to create a new one if omitted
	* @param {number} [depth] Current nesting depth, defaults to `0`
	* @returns {Root} Root namespace
	*/
	Root.fromJSON = function fromJSON(json, root, depth) {
		depth = util.checkDepth(depth);
		if (!root) root = new Root();
		if (json.options) root.setOptions(json.options);
		return root.addJSON(json.nested, depth).resolveAll();
	};
	/**
	* Resolves the path of an imported file, relative to the importing origin.
	* This method exists so you can override it with your own logic in case your imports are scattered over multiple directories.
	* @function
	* @param {string} origin The file name of the importing file
	* @param {string} target The file name being imported
	* @returns {string|null} Resolved path to `target` or `null` to skip the file
	*/
	Root.prototype.resolvePath = util.path.resolve;
	/**
	* Fetch content from file path or url
	* This method exists so you can override it with your own logic.
	* @function
	* @param {string} path File path or url
	* @param {FetchCallback} callback Callback function
	* @returns {undefined}
	*/
	Root.prototype.fetch = util.fetch;
	/* istanbul ignore next */
	function SYNC() {}
	/**
	* Loads one or multiple .proto or preprocessed .json files into this root namespace and calls the callback.
	* @param {string|string[]} filename Names of one or multiple files to load
	* @param {IParseOptions} options Parse options
	* @param {LoadCallback} callback Callback function
	* @returns {undefined}
	*/
	Root.prototype.load = function load(filename, options, callback) {
		if (typeof options === "function") {
			callback = options;
			options = void 0;
		}
		var self = this;
		if (!callback) return util.asPromise(load, self, filename, options);
		var sync = callback === SYNC;
		function finish(err, root) {
			/* istanbul ignore if */
			if (!callback) return;
			if (sync) throw err;
			if (root) root.resolveAll();
			var cb = callback;
			callback = null;
			cb(err, root);
		}
		function getBundledFileName(filename) {
			var idx = filename.lastIndexOf("google/protobuf/");
			if (idx > -1) {
				var altname = filename.substring(idx);
				if (altname in common) return altname;
			}
			return null;
		}
		function process(filename, source, depth) {
			if (depth === void 0) depth = 0;
			try {
				if (depth > util.recursionLimit) throw Error("max depth exceeded");
				if (util.isString(source) && source.charAt(0) === "{") source = JSON.parse(source);
				if (!util.isString(source)) self.setOptions(source.options).addJSON(source.nested);
				else {
					parse.filename = filename;
					var parsed = parse(source, self, options), resolved, i = 0;
					if (parsed.imports) {
						for (; i < parsed.imports.length; ++i) if (resolved = getBundledFileName(parsed.imports[i]) || self.resolvePath(filename, parsed.imports[i])) fetch(resolved, false, depth + 1);
					}
					if (parsed.weakImports) {
						for (i = 0; i < parsed.weakImports.length; ++i) if (resolved = getBundledFileName(parsed.weakImports[i]) || self.resolvePath(filename, parsed.weakImports[i])) fetch(resolved, true, depth + 1);
					}
				}
			} catch (err) {
				finish(err);
			}
			if (!sync && !queued) finish(null, self);
		}
		function fetch(filename, weak, depth) {
			if (depth === void 0) depth = 0;
			filename = getBundledFileName(filename) || filename;
			if (self.files.indexOf(filename) > -1) return;
			self.files.push(filename);
			if (filename in common) {
				if (sync) process(filename, common[filename], depth);
				else {
					++queued;
					setTimeout(function() {
						--queued;
						process(filename, common[filename], depth);
					});
				}
				return;
			}
			if (sync) {
				var source;
				try {
					source = util.fs.readFileSync(filename).toString("utf8");
				} catch (err) {
					if (!weak) finish(err);
					return;
				}
				process(filename, source, depth);
			} else {
				++queued;
				self.fetch(filename, function(err, source) {
					--queued;
					/* istanbul ignore if */
					if (!callback) return;
					if (err) {
						/* istanbul ignore else */
						if (!weak) finish(err);
						else if (!queued) finish(null, self);
						return;
					}
					process(filename, source, depth);
				});
			}
		}
		var queued = 0;
		if (util.isString(filename)) filename = [filename];
		for (var i = 0, resolved; i < filename.length; ++i) if (resolved = self.resolvePath("", filename[i])) fetch(resolved);
		if (sync) {
			self.resolveAll();
			return self;
		}
		if (!queued) finish(null, self);
		return self;
	};
	/**
	* Loads one or multiple .proto or preprocessed .json files into this root namespace and calls the callback.
	* @function Root#load
	* @param {string|string[]} filename Names of one or multiple files to load
	* @param {LoadCallback} callback Callback function
	* @returns {undefined}
	* @variation 2
	*/
	/**
	* Loads one or multiple .proto or preprocessed .json files into this root namespace and returns a promise.
	* @function Root#load
	* @param {string|string[]} filename Names of one or multiple files to load
	* @param {IParseOptions} [options] Parse options. Defaults to {@link parse.defaults} when omitted.
	* @returns {Promise<Root>} Promise
	* @variation 3
	*/
	/**
	* Synchronously loads one or multiple .proto or preprocessed .json files into this root namespace (node only).
	* @function Root#loadSync
	* @param {string|string[]} filename Names of one or multiple files to load
	* @param {IParseOptions} [options] Parse options. Defaults to {@link parse.defaults} when omitted.
	* @returns {Root} Root namespace
	* @throws {Error} If synchronous fetching is not supported (i.e. in browsers) or if a file's syntax is invalid
	*/
	Root.prototype.loadSync = function loadSync(filename, options) {
		if (!util.isNode) throw Error("not supported");
		return this.load(filename, options, SYNC);
	};
	/**
	* @override
	*/
	Root.prototype.resolveAll = function resolveAll() {
		if (!this._needsRecursiveResolve) return this;
		if (this.deferred.length) throw Error("unresolvable extensions: " + this.deferred.map(function(field) {
			return "'extend " + field.extend + "' in " + field.parent.fullName;
		}).join(", "));
		return Namespace.prototype.resolveAll.call(this);
	};
	var exposeRe = /^[A-Z]/;
	/**
	* Handles a deferred declaring extension field by creating a sister field to represent it within its extended type.
	* @param {Root} root Root instance
	* @param {Field} field Declaring extension field witin the declaring type
	* @returns {boolean} `true` if successfully added to the extended type, `false` otherwise
	* @inner
	* @ignore
	*/
	function tryHandleExtension(root, field) {
		var extendedType = field.parent.lookup(field.extend);
		if (extendedType) {
			var sisterField = new Field(field.fullName, field.id, field.type, field.rule, void 0, field.options);
			if (extendedType.get(sisterField.name)) return true;
			sisterField.declaringField = field;
			field.extensionField = sisterField;
			extendedType.add(sisterField);
			return true;
		}
		return false;
	}
	/**
	* Called when any object is added to this root or its sub-namespaces.
	* @param {ReflectionObject} object Object added
	* @returns {undefined}
	* @private
	*/
	Root.prototype._handleAdd = function _handleAdd(object) {
		if (object instanceof Field) {
			if (object.extend !== void 0 && !object.extensionField) {
				if (!tryHandleExtension(this, object)) this.deferred.push(object);
			}
		} else if (object instanceof Enum) {
			if (exposeRe.test(object.name)) object.parent[object.name] = object.values;
		} else if (!(object instanceof OneOf)) {
			if (object instanceof Type) for (var i = 0; i < this.deferred.length;) if (tryHandleExtension(this, this.deferred[i])) this.deferred.splice(i, 1);
			else ++i;
			for (var j = 0; j < object.nestedArray.length; ++j) this._handleAdd(object._nestedArray[j]);
			if (exposeRe.test(object.name)) object.parent[object.name] = object;
		}
		if (object instanceof Type || object instanceof Enum || object instanceof Field) this._fullyQualifiedObjects[object.fullName] = object;
	};
	/**
	* Called when any object is removed from this root or its sub-namespaces.
	* @param {ReflectionObject} object Object removed
	* @returns {undefined}
	* @private
	*/
	Root.prototype._handleRemove = function _handleRemove(object) {
		if (object instanceof Field) {
			if (object.extend !== void 0) {
				if (object.extensionField) {
					object.extensionField.parent.remove(object.extensionField);
					object.extensionField = null;
				} else {
					var index = this.deferred.indexOf(object);
					/* istanbul ignore else */
					if (index > -1) this.deferred.splice(index, 1);
				}
			}
		} else if (object instanceof Enum) {
			if (exposeRe.test(object.name)) delete object.parent[object.name];
		} else if (object instanceof Namespace) {
			for (var i = 0; i < object.nestedArray.length; ++i) this._handleRemove(object._nestedArray[i]);
			if (exposeRe.test(object.name)) delete object.parent[object.name];
		}
		delete this._fullyQualifiedObjects[object.fullName];
	};
	Root._configure = function(Type_, parse_, common_) {
		Type = Type_;
		parse = parse_;
		common = common_;
	};
}));
// node_modules/protobufjs/src/util.js
var require_util = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	/**
	* Various utility functions.
	* @namespace
	*/
	var util = module.exports = require_minimal();
	var roots = require_roots();
	var Type;
	var Enum;
	util.codegen = require_codegen();
	util.fetch = require_fetch();
	util.path = require_path();
	util.patterns = require_patterns();
	var reservedRe = util.patterns.reservedRe;
	/**
	* Node's fs module if available.
	* @type {Object.<string,*>}
	*/
	util.fs = require_fs();
	/**
	* Checks a recursion depth.
	* @param {number|undefined} depth Depth of recursion
	* @returns {number} Depth of recursion
	* @throws {Error} If depth exceeds util.recursionLimit
	*/
	util.checkDepth = function checkDepth(depth) {
		if (depth === void 0) depth = 0;
		if (depth > util.recursionLimit) throw Error("max depth exceeded");
		return depth;
	};
	/**
	* Converts an object's values to an array.
	* @param {Object.<string,*>} object Object to convert
	* @returns {Array.<*>} Converted array
	*/
	util.toArray = function toArray(object) {
		if (object) {
			var keys = Object.keys(object), array = new Array(keys.length), index = 0;
			while (index < keys.length) array[index] = object[keys[index++]];
			return array;
		}
		return [];
	};
	/**
	* Converts an array of keys immediately followed by their respective value to an object, omitting undefined values.
	* @param {Array.<*>} array Array to convert
	* @returns {Object.<string,*>} Converted object
	*/
	util.toObject = function toObject(array) {
		var object = {}, index = 0;
		while (index < array.length) {
			var key = array[index++], val = array[index++];
			if (val !== void 0) object[key] = val;
		}
		return object;
	};
	/**
	* Tests whether the specified name is a reserved word in JS.
	* @param {string} name Name to test
	* @returns {boolean} `true` if reserved, otherwise `false`
	*/
	util.isReserved = function isReserved(name) {
		return reservedRe.test(name);
	};
	/**
	* Returns a safe property accessor for the specified property name.
	* @param {string} prop Property name
	* @returns {string} Safe accessor
	*/
	util.safeProp = function safeProp(prop) {
		if (!/^[$\w_]+$/.test(prop) || reservedRe.test(prop)) return "[" + JSON.stringify(prop) + "]";
		return "." + prop;
	};
	/**
	* Converts the first character of a string to upper case.
	* @param {string} str String to convert
	* @returns {string} Converted string
	*/
	util.ucFirst = function ucFirst(str) {
		return str.charAt(0).toUpperCase() + str.substring(1);
	};
	var camelCaseRe = /_([a-z])/g;
	/**
	* Converts a string to camel case.
	* @param {string} str String to convert
	* @returns {string} Converted string
	*/
	util.camelCase = function camelCase(str) {
		return str.substring(0, 1) + str.substring(1).replace(camelCaseRe, function($0, $1) {
			return $1.toUpperCase();
		});
	};
	/**
	* Compares reflected fields by id.
	* @param {Field} a First field
	* @param {Field} b Second field
	* @returns {number} Comparison value
	*/
	util.compareFieldsById = function compareFieldsById(a, b) {
		return a.id - b.id;
	};
	/**
	* Decorator helper for types (TypeScript).
	* @param {Constructor<T>} ctor Constructor function
	* @param {string} [typeName] Type name, defaults to the constructor's name
	* @returns {Type} Reflected type
	* @template T extends Message<T>
	* @property {Root} root Decorators root
	*/
	util.decorateType = function decorateType(ctor, typeName) {
		/* istanbul ignore if */
		if (ctor.$type) {
			if (typeName && ctor.$type.name !== typeName) {
				util.decorateRoot.remove(ctor.$type);
				ctor.$type.name = typeName;
				util.decorateRoot.add(ctor.$type);
			}
			return ctor.$type;
		}
		/* istanbul ignore next */
		if (!Type) Type = require_type();
		var type = new Type(typeName || ctor.name);
		util.decorateRoot.add(type);
		type.ctor = ctor;
		Object.defineProperty(ctor, "$type", {
			value: type,
			enumerable: false
		});
		Object.defineProperty(ctor.prototype, "$type", {
			value: type,
			enumerable: false
		});
		return type;
	};
	var decorateEnumIndex = 0;
	/**
	* Decorator helper for enums (TypeScript).
	* @param {Object} object Enum object
	* @returns {Enum} Reflected enum
	*/
	util.decorateEnum = function decorateEnum(object) {
		/* istanbul ignore if */
		if (object.$type) return object.$type;
		/* istanbul ignore next */
		if (!Enum) Enum = require_enum();
		var enm = new Enum("Enum" + decorateEnumIndex++, object);
		util.decorateRoot.add(enm);
		Object.defineProperty(object, "$type", {
			value: enm,
			enumerable: false
		});
		return enm;
	};
	/**
	* Sets the value of a property by property path. If a value already exists, it is turned to an array
	* @param {Object.<string,*>} dst Destination object
	* @param {string} path dot '.' delimited path of the property to set
	* @param {Object} value the value to set
	* @param {boolean|undefined} [ifNotSet] Sets the option only if it isn't currently set
	* @returns {Object.<string,*>} Destination object
	*/
	util.setProperty = function setProperty(dst, path, value, ifNotSet) {
		function setProp(dst, path, value) {
			var part = path.shift();
			if (util.isUnsafeProperty(part)) return dst;
			if (path.length > 0) dst[part] = setProp(dst[part] || {}, path, value);
			else {
				var prevValue = dst[part];
				if (prevValue && ifNotSet) return dst;
				if (prevValue) value = [].concat(prevValue).concat(value);
				dst[part] = value;
			}
			return dst;
		}
		if (typeof dst !== "object") throw TypeError("dst must be an object");
		if (!path) throw TypeError("path must be specified");
		path = path.split(".");
		if (path.length > util.recursionLimit) throw Error("max depth exceeded");
		return setProp(dst, path, value);
	};
	/**
	* Decorator root (TypeScript).
	* @name util.decorateRoot
	* @type {Root}
	* @readonly
	*/
	Object.defineProperty(util, "decorateRoot", { get: function() {
		return roots["decorated"] || (roots["decorated"] = new (require_root())());
	} });
}));
// node_modules/protobufjs/src/types.js
var require_types = /* @__PURE__ */ __commonJSMin(((exports) => {
	/**
	* Common type constants.
	* @namespace
	*/
	var types = exports;
	var util = require_util();
	var s = [
		"double",
		"float",
		"int32",
		"uint32",
		"sint32",
		"fixed32",
		"sfixed32",
		"int64",
		"uint64",
		"sint64",
		"fixed64",
		"sfixed64",
		"bool",
		"string",
		"bytes"
	];
	function bake(values, offset) {
		var i = 0, o = Object.create(null);
		offset |= 0;
		while (i < values.length) o[s[i + offset]] = values[i++];
		return o;
	}
	/**
	* Basic type wire types.
	* @type {Object.<string,number>}
	* @const
	* @property {number} double=1 Fixed64 wire type
	* @property {number} float=5 Fixed32 wire type
	* @property {number} int32=0 Varint wire type
	* @property {number} uint32=0 Varint wire type
	* @property {number} sint32=0 Varint wire type
	* @property {number} fixed32=5 Fixed32 wire type
	* @property {number} sfixed32=5 Fixed32 wire type
	* @property {number} int64=0 Varint wire type
	* @property {number} uint64=0 Varint wire type
	* @property {number} sint64=0 Varint wire type
	* @property {number} fixed64=1 Fixed64 wire type
	* @property {number} sfixed64=1 Fixed64 wire type
	* @property {number} bool=0 Varint wire type
	* @property {number} string=2 Ldelim wire type
	* @property {number} bytes=2 Ldelim wire type
	*/
	types.basic = bake([
		1,
		5,
		0,
		0,
		0,
		5,
		5,
		0,
		0,
		0,
		1,
		1,
		0,
		2,
		2
	]);
	/**
	* Basic type defaults.
	* @type {Object.<string,*>}
	* @const
	* @property {number} double=0 Double default
	* @property {number} float=0 Float default
	* @property {number} int32=0 Int32 default
	* @property {number} uint32=0 Uint32 default
	* @property {number} sint32=0 Sint32 default
	* @property {number} fixed32=0 Fixed32 default
	* @property {number} sfixed32=0 Sfixed32 default
	* @property {number} int64=0 Int64 default
	* @property {number} uint64=0 Uint64 default
	* @property {number} sint64=0 Sint32 default
	* @property {number} fixed64=0 Fixed64 default
	* @property {number} sfixed64=0 Sfixed64 default
	* @property {boolean} bool=false Bool default
	* @property {string} string="" String default
	* @property {Array.<number>} bytes=Array(0) Bytes default
	* @property {null} message=null Message default
	*/
	types.defaults = bake([
		0,
		0,
		0,
		0,
		0,
		0,
		0,
		0,
		0,
		0,
		0,
		0,
		false,
		"",
		util.emptyArray,
		null
	]);
	/**
	* Basic long type wire types.
	* @type {Object.<string,number>}
	* @const
	* @property {number} int64=0 Varint wire type
	* @property {number} uint64=0 Varint wire type
	* @property {number} sint64=0 Varint wire type
	* @property {number} fixed64=1 Fixed64 wire type
	* @property {number} sfixed64=1 Fixed64 wire type
	*/
	types.long = bake([
		0,
		0,
		0,
		1,
		1
	], 7);
	/**
	* Allowed types for map keys with their associated wire type.
	* @type {Object.<string,number>}
	* @const
	* @property {number} int32=0 Varint wire type
	* @property {number} uint32=0 Varint wire type
	* @property {number} sint32=0 Varint wire type
	* @property {number} fixed32=5 Fixed32 wire type
	* @property {number} sfixed32=5 Fixed32 wire type
	* @property {number} int64=0 Varint wire type
	* @property {number} uint64=0 Varint wire type
	* @property {number} sint64=0 Varint wire type
	* @property {number} fixed64=1 Fixed64 wire type
	* @property {number} sfixed64=1 Fixed64 wire type
	* @property {number} bool=0 Varint wire type
	* @property {number} string=2 Ldelim wire type
	*/
	types.mapKey = bake([
		0,
		0,
		0,
		5,
		5,
		0,
		0,
		0,
		1,
		1,
		0,
		2
	], 2);
	/**
	* Allowed types for packed repeated fields with their associated wire type.
	* @type {Object.<string,number>}
	* @const
	* @property {number} double=1 Fixed64 wire type
	* @property {number} float=5 Fixed32 wire type
	* @property {number} int32=0 Varint wire type
	* @property {number} uint32=0 Varint wire type
	* @property {number} sint32=0 Varint wire type
	* @property {number} fixed32=5 Fixed32 wire type
	* @property {number} sfixed32=5 Fixed32 wire type
	* @property {number} int64=0 Varint wire type
	* @property {number} uint64=0 Varint wire type
	* @property {number} sint64=0 Varint wire type
	* @property {number} fixed64=1 Fixed64 wire type
	* @property {number} sfixed64=1 Fixed64 wire type
	* @property {number} bool=0 Varint wire type
	*/
	types.packed = bake([
		1,
		5,
		0,
		0,
		0,
		5,
		5,
		0,
		0,
		0,
		1,
		1,
		0
	]);
}));
// node_modules/protobufjs/src/field.js
var require_field = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = Field;
	var ReflectionObject = require_object();
	((Field.prototype = Object.create(ReflectionObject.prototype)).constructor = Field).className = "Field";
	var Enum = require_enum();
	var types = require_types();
	var util = require_util();
	var Type;
	var ruleRe = /^required|optional|repeated$/;
	/**
	* Constructs a new message field instance. Note that {@link MapField|map fields} have their own class.
	* @name Field
	* @classdesc Reflected message field.
	* @extends FieldBase
	* @constructor
	* @param {string} name Unique name within its namespace
	* @param {number} id Unique id within its namespace
	* @param {string} type Value type
	* @param {string|Object.<string,*>} [rule="optional"] Field rule
	* @param {string|Object.<string,*>} [extend] Extended type if different from parent
	* @param {Object.<string,*>} [options] Declared options
	*/
	/**
	* Constructs a field from a field descriptor.
	* @param {string} name Field name
	* @param {IField} json Field descriptor
	* @returns {Field} Created field
	* @throws {TypeError} If arguments are invalid
	*/
	Field.fromJSON = function fromJSON(name, json) {
		var field = new Field(name, json.id, json.type, json.rule, json.extend, json.options, json.comment);
		if (json.edition) field._edition = json.edition;
		field._defaultEdition = "proto3";
		return field;
	};
	/**
	* Not an actual constructor. Use {@link Field} instead.
	* @classdesc Base class of all reflected message fields. This is not an actual class but here for the sake of having consistent type definitions.
	* @exports FieldBase
	* @extends ReflectionObject
	* @constructor
	* @param {string} name Unique name within its namespace
	* @param {number} id Unique id within its namespace
	* @param {string} type Value type
	* @param {string|Object.<string,*>} [rule="optional"] Field rule
	* @param {string|Object.<string,*>} [extend] Extended type if different from parent
	* @param {Object.<string,*>} [options] Declared options
	* @param {string} [comment] Comment associated with this field
	*/
	function Field(name, id, type, rule, extend, options, comment) {
		if (util.isObject(rule)) {
			comment = extend;
			options = rule;
			rule = extend = void 0;
		} else if (util.isObject(extend)) {
			comment = options;
			options = extend;
			extend = void 0;
		}
		ReflectionObject.call(this, name, options);
		if (!util.isInteger(id) || id < 0) throw TypeError("id must be a non-negative integer");
		if (!util.isString(type)) throw TypeError("type must be a string");
		if (rule !== void 0 && !ruleRe.test(rule = rule.toString().toLowerCase())) throw TypeError("rule must be a string rule");
		if (extend !== void 0 && !util.isString(extend)) throw TypeError("extend must be a string");
		/**
		* Field rule, if any.
		* @type {string|undefined}
		*/
		if (rule === "proto3_optional") rule = "optional";
		this.rule = rule && rule !== "optional" ? rule : void 0;
		/**
		* Field type.
		* @type {string}
		*/
		this.type = type;
		/**
		* Unique field id.
		* @type {number}
		*/
		this.id = id;
		/**
		* Extended type if different from parent.
		* @type {string|undefined}
		*/
		this.extend = extend || void 0;
		/**
		* Whether this field is repeated.
		* @type {boolean}
		*/
		this.repeated = rule === "repeated";
		/**
		* Whether this field is a map or not.
		* @type {boolean}
		*/
		this.map = false;
		/**
		* Message this field belongs to.
		* @type {Type|null}
		*/
		this.message = null;
		/**
		* OneOf this field belongs to, if any,
		* @type {OneOf|null}
		*/
		this.partOf = null;
		/**
		* The field type's default value.
		* @type {*}
		*/
		this.typeDefault = null;
		/**
		* The field's default value on prototypes.
		* @type {*}
		*/
		this.defaultValue = null;
		/**
		* Whether this field's value should be treated as a long.
		* @type {boolean}
		*/
		this.long = util.Long ? types.long[type] !== void 0 : /* istanbul ignore next */ false;
		/**
		* Whether this field's value is a buffer.
		* @type {boolean}
		*/
		this.bytes = type === "bytes";
		/**
		* Resolved type if not a basic type.
		* @type {Type|Enum|null}
		*/
		this.resolvedType = null;
		/**
		* Sister-field within the extended type if a declaring extension field.
		* @type {Field|null}
		*/
		this.extensionField = null;
		/**
		* Sister-field within the declaring namespace if an extended field.
		* @type {Field|null}
		*/
		this.declaringField = null;
		/**
		* Comment for this field.
		* @type {string|null}
		*/
		this.comment = comment;
	}
	/**
	* Determines whether this field is required.
	* @name Field#required
	* @type {boolean}
	* @readonly
	*/
	Object.defineProperty(Field.prototype, "required", { get: function() {
		return this._features.field_presence === "LEGACY_REQUIRED";
	} });
	/**
	* Determines whether this field is not required.
	* @name Field#optional
	* @type {boolean}
	* @readonly
	*/
	Object.defineProperty(Field.prototype, "optional", { get: function() {
		return !this.required;
	} });
	/**
	* Determines whether this field uses tag-delimited encoding.  In proto2 this
	* corresponded to group syntax.
	* @name Field#delimited
	* @type {boolean}
	* @readonly
	*/
	Object.defineProperty(Field.prototype, "delimited", { get: function() {
		return this.resolvedType instanceof Type && this._features.message_encoding === "DELIMITED";
	} });
	/**
	* Determines whether this field is packed. Only relevant when repeated.
	* @name Field#packed
	* @type {boolean}
	* @readonly
	*/
	Object.defineProperty(Field.prototype, "packed", { get: function() {
		return this._features.repeated_field_encoding === "PACKED";
	} });
	/**
	* Determines whether this field tracks presence.
	* @name Field#hasPresence
	* @type {boolean}
	* @readonly
	*/
	Object.defineProperty(Field.prototype, "hasPresence", { get: function() {
		if (this.repeated || this.map) return false;
		return this.partOf || this.declaringField || this.extensionField || this._features.field_presence !== "IMPLICIT";
	} });
	/**
	* @override
	*/
	Field.prototype.setOption = function setOption(name, value, ifNotSet) {
		return ReflectionObject.prototype.setOption.call(this, name, value, ifNotSet);
	};
	/**
	* Field descriptor.
	* @interface IField
	* @property {string} [rule="optional"] Field rule
	* @property {string} type Field type
	* @property {number} id Field id
	* @property {Object.<string,*>} [options] Field options
	*/
	/**
	* Extension field descriptor.
	* @interface IExtensionField
	* @extends IField
	* @property {string} extend Extended type
	*/
	/**
	* Converts this field to a field descriptor.
	* @param {IToJSONOptions} [toJSONOptions] JSON conversion options
	* @returns {IField} Field descriptor
	*/
	Field.prototype.toJSON = function toJSON(toJSONOptions) {
		var keepComments = toJSONOptions ? Boolean(toJSONOptions.keepComments) : false;
		return util.toObject([
			"edition",
			this._editionToJSON(),
			"rule",
			this.rule !== "optional" && this.rule || void 0,
			"type",
			this.type,
			"id",
			this.id,
			"extend",
			this.extend,
			"options",
			this.options,
			"comment",
			keepComments ? this.comment : void 0
		]);
	};
	/**
	* Resolves this field's type references.
	* @returns {Field} `this`
	* @throws {Error} If any reference cannot be resolved
	*/
	Field.prototype.resolve = function resolve() {
		if (this.resolved) return this;
		if ((this.typeDefault = types.defaults[this.type]) === void 0) {
			this.resolvedType = (this.declaringField ? this.declaringField.parent : this.parent).lookupTypeOrEnum(this.type);
			if (this.resolvedType instanceof Type) this.typeDefault = null;
			else this.typeDefault = this.resolvedType.values[Object.keys(this.resolvedType.values)[0]];
		} else if (this.options && this.options.proto3_optional) this.typeDefault = null;
		if (this.options && this.options["default"] != null) {
			this.typeDefault = this.options["default"];
			if (this.resolvedType instanceof Enum && typeof this.typeDefault === "string") this.typeDefault = this.resolvedType.values[this.typeDefault];
		}
		if (this.options) {
			if (this.options.packed !== void 0 && this.resolvedType && !(this.resolvedType instanceof Enum)) delete this.options.packed;
			if (!Object.keys(this.options).length) this.options = void 0;
		}
		if (this.long) {
			this.typeDefault = util.Long.fromNumber(this.typeDefault, this.type === "uint64" || this.type === "fixed64");
			/* istanbul ignore else */
			if (Object.freeze) Object.freeze(this.typeDefault);
		} else if (this.bytes && typeof this.typeDefault === "string") {
			var buf;
			if (util.base64.test(this.typeDefault)) util.base64.decode(this.typeDefault, buf = util.newBuffer(util.base64.length(this.typeDefault)), 0);
			else util.utf8.write(this.typeDefault, buf = util.newBuffer(util.utf8.length(this.typeDefault)), 0);
			this.typeDefault = buf;
		}
		if (this.map) this.defaultValue = util.emptyObject;
		else if (this.repeated) this.defaultValue = util.emptyArray;
		else this.defaultValue = this.typeDefault;
		if (this.parent instanceof Type) this.parent.ctor.prototype[this.name] = this.defaultValue;
		return ReflectionObject.prototype.resolve.call(this);
	};
	/**
	* Infers field features from legacy syntax that may have been specified differently.
	* in older editions.
	* @param {string|undefined} edition The edition this proto is on, or undefined if pre-editions
	* @returns {object} The feature values to override
	*/
	Field.prototype._inferLegacyProtoFeatures = function _inferLegacyProtoFeatures(edition) {
		if (edition !== "proto2" && edition !== "proto3") return {};
		var features = {};
		if (this.rule === "required") features.field_presence = "LEGACY_REQUIRED";
		if (this.parent && types.defaults[this.type] === void 0) {
			var type = this.parent.get(this.type.split(".").pop());
			if (type && type instanceof Type && type.group) features.message_encoding = "DELIMITED";
		}
		if (this.getOption("packed") === true) features.repeated_field_encoding = "PACKED";
		else if (this.getOption("packed") === false) features.repeated_field_encoding = "EXPANDED";
		return features;
	};
	/**
	* @override
	*/
	Field.prototype._resolveFeatures = function _resolveFeatures(edition) {
		return ReflectionObject.prototype._resolveFeatures.call(this, this._edition || edition);
	};
	/**
	* Decorator function as returned by {@link Field.d} and {@link MapField.d} (TypeScript).
	* @typedef FieldDecorator
	* @type {function}
	* @param {Object} prototype Target prototype
	* @param {string} fieldName Field name
	* @returns {undefined}
	*/
	/**
	* Field decorator (TypeScript).
	* @name Field.d
	* @function
	* @param {number} fieldId Field id
	* @param {"double"|"float"|"int32"|"uint32"|"sint32"|"fixed32"|"sfixed32"|"int64"|"uint64"|"sint64"|"fixed64"|"sfixed64"|"string"|"bool"|"bytes"|Object} fieldType Field type
	* @param {"optional"|"required"|"repeated"} [fieldRule="optional"] Field rule
	* @param {T} [defaultValue] Default value
	* @returns {FieldDecorator} Decorator function
	* @template T extends number | number[] | Long | Long[] | string | string[] | boolean | boolean[] | Uint8Array | Uint8Array[] | Buffer | Buffer[]
	*/
	Field.d = function decorateField(fieldId, fieldType, fieldRule, defaultValue) {
		if (typeof fieldType === "function") fieldType = util.decorateType(fieldType).name;
		else if (fieldType && typeof fieldType === "object") fieldType = util.decorateEnum(fieldType).name;
		return function fieldDecorator(prototype, fieldName) {
			util.decorateType(prototype.constructor).add(new Field(fieldName, fieldId, fieldType, fieldRule, { "default": defaultValue }));
		};
	};
	/**
	* Field decorator (TypeScript).
	* @name Field.d
	* @function
	* @param {number} fieldId Field id
	* @param {Constructor<T>|string} fieldType Field type
	* @param {"optional"|"required"|"repeated"} [fieldRule="optional"] Field rule
	* @returns {FieldDecorator} Decorator function
	* @template T extends Message<T>
	* @variation 2
	*/
	Field._configure = function configure(Type_) {
		Type = Type_;
	};
}));
// node_modules/protobufjs/src/oneof.js
var require_oneof = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = OneOf;
	var ReflectionObject = require_object();
	((OneOf.prototype = Object.create(ReflectionObject.prototype)).constructor = OneOf).className = "OneOf";
	var Field = require_field();
	var util = require_util();
	/**
	* Constructs a new oneof instance.
	* @classdesc Reflected oneof.
	* @extends ReflectionObject
	* @constructor
	* @param {string} name Oneof name
	* @param {string[]|Object.<string,*>} [fieldNames] Field names
	* @param {Object.<string,*>} [options] Declared options
	* @param {string} [comment] Comment associated with this field
	*/
	function OneOf(name, fieldNames, options, comment) {
		if (!Array.isArray(fieldNames)) {
			options = fieldNames;
			fieldNames = void 0;
		}
		ReflectionObject.call(this, name, options);
		/* istanbul ignore if */
		if (!(fieldNames === void 0 || Array.isArray(fieldNames))) throw TypeError("fieldNames must be an Array");
		/**
		* Field names that belong to this oneof.
		* @type {string[]}
		*/
		this.oneof = fieldNames || [];
		/**
		* Fields that belong to this oneof as an array for iteration.
		* @type {Field[]}
		* @readonly
		*/
		this.fieldsArray = [];
		/**
		* Comment for this field.
		* @type {string|null}
		*/
		this.comment = comment;
	}
	/**
	* Oneof descriptor.
	* @interface IOneOf
	* @property {Array.<string>} oneof Oneof field names
	* @property {Object.<string,*>} [options] Oneof options
	*/
	/**
	* Constructs a oneof from a oneof descriptor.
	* @param {string} name Oneof name
	* @param {IOneOf} json Oneof descriptor
	* @returns {OneOf} Created oneof
	* @throws {TypeError} If arguments are invalid
	*/
	OneOf.fromJSON = function fromJSON(name, json) {
		return new OneOf(name, json.oneof, json.options, json.comment);
	};
	/**
	* Converts this oneof to a oneof descriptor.
	* @param {IToJSONOptions} [toJSONOptions] JSON conversion options
	* @returns {IOneOf} Oneof descriptor
	*/
	OneOf.prototype.toJSON = function toJSON(toJSONOptions) {
		var keepComments = toJSONOptions ? Boolean(toJSONOptions.keepComments) : false;
		return util.toObject([
			"options",
			this.options,
			"oneof",
			this.oneof,
			"comment",
			keepComments ? this.comment : void 0
		]);
	};
	/**
	* Adds the fields of the specified oneof to the parent if not already done so.
	* @param {OneOf} oneof The oneof
	* @returns {undefined}
	* @inner
	* @ignore
	*/
	function addFieldsToParent(oneof) {
		if (oneof.parent) {
			for (var i = 0; i < oneof.fieldsArray.length; ++i) if (!oneof.fieldsArray[i].parent) oneof.parent.add(oneof.fieldsArray[i]);
		}
	}
	/**
	* Adds a field to this oneof and removes it from its current parent, if any.
	* @param {Field} field Field to add
	* @returns {OneOf} `this`
	*/
	OneOf.prototype.add = function add(field) {
		/* istanbul ignore if */
		if (!(field instanceof Field)) throw TypeError("field must be a Field");
		if (field.parent && field.parent !== this.parent) field.parent.remove(field);
		this.oneof.push(field.name);
		this.fieldsArray.push(field);
		field.partOf = this;
		addFieldsToParent(this);
		return this;
	};
	/**
	* Removes a field from this oneof and puts it back to the oneof's parent.
	* @param {Field} field Field to remove
	* @returns {OneOf} `this`
	*/
	OneOf.prototype.remove = function remove(field) {
		/* istanbul ignore if */
		if (!(field instanceof Field)) throw TypeError("field must be a Field");
		var index = this.fieldsArray.indexOf(field);
		/* istanbul ignore if */
		if (index < 0) throw Error(field + " is not a member of " + this);
		this.fieldsArray.splice(index, 1);
		index = this.oneof.indexOf(field.name);
		/* istanbul ignore else */
		if (index > -1) this.oneof.splice(index, 1);
		field.partOf = null;
		return this;
	};
	/**
	* @override
	*/
	OneOf.prototype.onAdd = function onAdd(parent) {
		ReflectionObject.prototype.onAdd.call(this, parent);
		var self = this;
		for (var i = 0; i < this.oneof.length; ++i) {
			var field = parent.get(this.oneof[i]);
			if (field && !field.partOf) {
				field.partOf = self;
				self.fieldsArray.push(field);
			}
		}
		addFieldsToParent(this);
	};
	/**
	* @override
	*/
	OneOf.prototype.onRemove = function onRemove(parent) {
		for (var i = 0, field; i < this.fieldsArray.length; ++i) if ((field = this.fieldsArray[i]).parent) field.parent.remove(field);
		ReflectionObject.prototype.onRemove.call(this, parent);
	};
	/**
	* Determines whether this field corresponds to a synthetic oneof created for
	* a proto3 optional field.  No behavioral logic should depend on this, but it
	* can be relevant for reflection.
	* @name OneOf#isProto3Optional
	* @type {boolean}
	* @readonly
	*/
	Object.defineProperty(OneOf.prototype, "isProto3Optional", { get: function() {
		if (this.fieldsArray == null || this.fieldsArray.length !== 1) return false;
		var field = this.fieldsArray[0];
		return field.options != null && field.options["proto3_optional"] === true;
	} });
	/**
	* Decorator function as returned by {@link OneOf.d} (TypeScript).
	* @typedef OneOfDecorator
	* @type {function}
	* @param {Object} prototype Target prototype
	* @param {string} oneofName OneOf name
	* @returns {undefined}
	*/
	/**
	* OneOf decorator (TypeScript).
	* @function
	* @param {...string} fieldNames Field names
	* @returns {OneOfDecorator} Decorator function
	* @template T extends string
	*/
	OneOf.d = function decorateOneOf() {
		var fieldNames = new Array(arguments.length), index = 0;
		while (index < arguments.length) fieldNames[index] = arguments[index++];
		return function oneOfDecorator(prototype, oneofName) {
			util.decorateType(prototype.constructor).add(new OneOf(oneofName, fieldNames));
			Object.defineProperty(prototype, oneofName, {
				get: util.oneOfGetter(fieldNames),
				set: util.oneOfSetter(fieldNames)
			});
		};
	};
}));
// node_modules/protobufjs/src/object.js
var require_object = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = ReflectionObject;
	ReflectionObject.className = "ReflectionObject";
	const OneOf = require_oneof();
	var util = require_util();
	var Root;
	var editions2023Defaults = {
		enum_type: "OPEN",
		field_presence: "EXPLICIT",
		json_format: "ALLOW",
		message_encoding: "LENGTH_PREFIXED",
		repeated_field_encoding: "PACKED",
		utf8_validation: "VERIFY"
	};
	var proto2Defaults = {
		enum_type: "CLOSED",
		field_presence: "EXPLICIT",
		json_format: "LEGACY_BEST_EFFORT",
		message_encoding: "LENGTH_PREFIXED",
		repeated_field_encoding: "EXPANDED",
		utf8_validation: "NONE"
	};
	var proto3Defaults = {
		enum_type: "OPEN",
		field_presence: "IMPLICIT",
		json_format: "ALLOW",
		message_encoding: "LENGTH_PREFIXED",
		repeated_field_encoding: "PACKED",
		utf8_validation: "VERIFY"
	};
	/**
	* Constructs a new reflection object instance.
	* @classdesc Base class of all reflection objects.
	* @constructor
	* @param {string} name Object name
	* @param {Object.<string,*>} [options] Declared options
	* @abstract
	*/
	function ReflectionObject(name, options) {
		if (!util.isString(name)) throw TypeError("name must be a string");
		if (options && !util.isObject(options)) throw TypeError("options must be an object");
		/**
		* Options.
		* @type {Object.<string,*>|undefined}
		*/
		this.options = options;
		/**
		* Parsed Options.
		* @type {Array.<Object.<string,*>>|undefined}
		*/
		this.parsedOptions = null;
		/**
		* Unique name within its namespace.
		* @type {string}
		*/
		this.name = name;
		/**
		* The edition specified for this object.  Only relevant for top-level objects.
		* @type {string}
		* @private
		*/
		this._edition = null;
		/**
		* The default edition to use for this object if none is specified.  For legacy reasons,
		* this is proto2 except in the JSON parsing case where it was proto3.
		* @type {string}
		* @private
		*/
		this._defaultEdition = "proto2";
		/**
		* Resolved Features.
		* @type {object}
		* @private
		*/
		this._features = {};
		/**
		* Whether or not features have been resolved.
		* @type {boolean}
		* @private
		*/
		this._featuresResolved = false;
		/**
		* Parent namespace.
		* @type {Namespace|null}
		*/
		this.parent = null;
		/**
		* Whether already resolved or not.
		* @type {boolean}
		*/
		this.resolved = false;
		/**
		* Comment text, if any.
		* @type {string|null}
		*/
		this.comment = null;
		/**
		* Defining file name.
		* @type {string|null}
		*/
		this.filename = null;
	}
	Object.defineProperties(ReflectionObject.prototype, {
		/**
		* Reference to the root namespace.
		* @name ReflectionObject#root
		* @type {Root}
		* @readonly
		*/
		root: { get: function() {
			var ptr = this;
			while (ptr.parent !== null) ptr = ptr.parent;
			return ptr;
		} },
		/**
		* Full name including leading dot.
		* @name ReflectionObject#fullName
		* @type {string}
		* @readonly
		*/
		fullName: { get: function() {
			var path = [this.name], ptr = this.parent;
			while (ptr) {
				path.unshift(ptr.name);
				ptr = ptr.parent;
			}
			return path.join(".");
		} }
	});
	/**
	* Converts this reflection object to its descriptor representation.
	* @returns {Object.<string,*>} Descriptor
	* @abstract
	*/
	ReflectionObject.prototype.toJSON = function toJSON() {
		throw Error();
	};
	/**
	* Called when this object is added to a parent.
	* @param {ReflectionObject} parent Parent added to
	* @returns {undefined}
	*/
	ReflectionObject.prototype.onAdd = function onAdd(parent) {
		if (this.parent && this.parent !== parent) this.parent.remove(this);
		this.parent = parent;
		this.resolved = false;
		var root = parent.root;
		if (root instanceof Root) root._handleAdd(this);
	};
	/**
	* Called when this object is removed from a parent.
	* @param {ReflectionObject} parent Parent removed from
	* @returns {undefined}
	*/
	ReflectionObject.prototype.onRemove = function onRemove(parent) {
		var root = parent.root;
		if (root instanceof Root) root._handleRemove(this);
		this.parent = null;
		this.resolved = false;
	};
	/**
	* Resolves this objects type references.
	* @returns {ReflectionObject} `this`
	*/
	ReflectionObject.prototype.resolve = function resolve() {
		if (this.resolved) return this;
		if (this.root instanceof Root) this.resolved = true;
		return this;
	};
	/**
	* Resolves this objects editions features.
	* @param {string} edition The edition we're currently resolving for.
	* @returns {ReflectionObject} `this`
	*/
	ReflectionObject.prototype._resolveFeaturesRecursive = function _resolveFeaturesRecursive(edition) {
		return this._resolveFeatures(this._edition || edition);
	};
	/**
	* Resolves child features from parent features
	* @param {string} edition The edition we're currently resolving for.
	* @returns {undefined}
	*/
	ReflectionObject.prototype._resolveFeatures = function _resolveFeatures(edition) {
		if (this._featuresResolved) return;
		var defaults = {};
		/* istanbul ignore if */
		if (!edition) throw new Error("Unknown edition for " + this.fullName);
		var protoFeatures = util.merge({}, this.options && this.options.features, this._inferLegacyProtoFeatures(edition));
		if (this._edition) {
			/* istanbul ignore else */
			if (edition === "proto2") defaults = Object.assign({}, proto2Defaults);
			else if (edition === "proto3") defaults = Object.assign({}, proto3Defaults);
			else if (edition === "2023") defaults = Object.assign({}, editions2023Defaults);
			else throw new Error("Unknown edition: " + edition);
			this._features = util.merge(defaults, protoFeatures);
			this._featuresResolved = true;
			return;
		}
		/* istanbul ignore else */
		if (this.partOf instanceof OneOf) {
			var lexicalParentFeaturesCopy = util.merge({}, this.partOf._features);
			this._features = util.merge(lexicalParentFeaturesCopy, protoFeatures);
		} else if (this.declaringField) {} else if (this.parent) {
			var parentFeaturesCopy = util.merge({}, this.parent._features);
			this._features = util.merge(parentFeaturesCopy, protoFeatures);
		} else throw new Error("Unable to find a parent for " + this.fullName);
		if (this.extensionField) this.extensionField._features = this._features;
		this._featuresResolved = true;
	};
	/**
	* Infers features from legacy syntax that may have been specified differently.
	* in older editions.
	* @param {string|undefined} edition The edition this proto is on, or undefined if pre-editions
	* @returns {object} The feature values to override
	*/
	ReflectionObject.prototype._inferLegacyProtoFeatures = function _inferLegacyProtoFeatures() {
		return {};
	};
	/**
	* Gets an option value.
	* @param {string} name Option name
	* @returns {*} Option value or `undefined` if not set
	*/
	ReflectionObject.prototype.getOption = function getOption(name) {
		if (this.options) return this.options[name];
	};
	/**
	* Sets an option.
	* @param {string} name Option name
	* @param {*} value Option value
	* @param {boolean|undefined} [ifNotSet] Sets the option only if it isn't currently set
	* @returns {ReflectionObject} `this`
	*/
	ReflectionObject.prototype.setOption = function setOption(name, value, ifNotSet) {
		if (name === "__proto__") return this;
		if (!this.options) this.options = {};
		if (/^features\./.test(name)) util.setProperty(this.options, name, value, ifNotSet);
		else if (!ifNotSet || this.options[name] === void 0) {
			if (this.getOption(name) !== value) this.resolved = false;
			this.options[name] = value;
		}
		return this;
	};
	/**
	* Sets a parsed option.
	* @param {string} name parsed Option name
	* @param {*} value Option value
	* @param {string} propName dot '.' delimited full path of property within the option to set. if undefined\empty, will add a new option with that value
	* @returns {ReflectionObject} `this`
	*/
	ReflectionObject.prototype.setParsedOption = function setParsedOption(name, value, propName) {
		if (name === "__proto__") return this;
		if (!this.parsedOptions) this.parsedOptions = [];
		var parsedOptions = this.parsedOptions;
		if (propName) {
			var opt = parsedOptions.find(function(opt) {
				return Object.prototype.hasOwnProperty.call(opt, name);
			});
			if (opt) {
				var newValue = opt[name];
				util.setProperty(newValue, propName, value);
			} else {
				opt = {};
				opt[name] = util.setProperty({}, propName, value);
				parsedOptions.push(opt);
			}
		} else {
			var newOpt = {};
			newOpt[name] = value;
			parsedOptions.push(newOpt);
		}
		return this;
	};
	/**
	* Sets multiple options.
	* @param {Object.<string,*>} options Options to set
	* @param {boolean} [ifNotSet] Sets an option only if it isn't currently set
	* @returns {ReflectionObject} `this`
	*/
	ReflectionObject.prototype.setOptions = function setOptions(options, ifNotSet) {
		if (options) for (var keys = Object.keys(options), i = 0; i < keys.length; ++i) this.setOption(keys[i], options[keys[i]], ifNotSet);
		return this;
	};
	/**
	* Converts this instance to its string representation.
	* @returns {string} Class name[, space, full name]
	*/
	ReflectionObject.prototype.toString = function toString() {
		var className = this.constructor.className, fullName = this.fullName;
		if (fullName.length) return className + " " + fullName;
		return className;
	};
	/**
	* Converts the edition this object is pinned to for JSON format.
	* @returns {string|undefined} The edition string for JSON representation
	*/
	ReflectionObject.prototype._editionToJSON = function _editionToJSON() {
		if (!this._edition || this._edition === "proto3") return;
		return this._edition;
	};
	ReflectionObject._configure = function(Root_) {
		Root = Root_;
	};
}));
// node_modules/protobufjs/src/enum.js
var require_enum = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = Enum;
	var ReflectionObject = require_object();
	((Enum.prototype = Object.create(ReflectionObject.prototype)).constructor = Enum).className = "Enum";
	var Namespace = require_namespace();
	var util = require_util();
	/**
	* Constructs a new enum instance.
	* @classdesc Reflected enum.
	* @extends ReflectionObject
	* @constructor
	* @param {string} name Unique name within its namespace
	* @param {Object.<string,number>} [values] Enum values as an object, by name
	* @param {Object.<string,*>} [options] Declared options
	* @param {string} [comment] The comment for this enum
	* @param {Object.<string,string>} [comments] The value comments for this enum
	* @param {Object.<string,Object<string,*>>|undefined} [valuesOptions] The value options for this enum
	*/
	function Enum(name, values, options, comment, comments, valuesOptions) {
		ReflectionObject.call(this, name, options);
		if (values && typeof values !== "object") throw TypeError("values must be an object");
		/**
		* Enum values by id.
		* @type {Object.<number,string>}
		*/
		this.valuesById = {};
		/**
		* Enum values by name.
		* @type {Object.<string,number>}
		*/
		this.values = Object.create(this.valuesById);
		/**
		* Enum comment text.
		* @type {string|null}
		*/
		this.comment = comment;
		/**
		* Value comment texts, if any.
		* @type {Object.<string,string>}
		*/
		this.comments = comments || {};
		/**
		* Values options, if any
		* @type {Object<string, Object<string, *>>|undefined}
		*/
		this.valuesOptions = valuesOptions;
		/**
		* Resolved values features, if any
		* @type {Object<string, Object<string, *>>|undefined}
		*/
		this._valuesFeatures = {};
		/**
		* Reserved ranges, if any.
		* @type {Array.<number[]|string>}
		*/
		this.reserved = void 0;
		if (values) {
			for (var keys = Object.keys(values), i = 0; i < keys.length; ++i) if (keys[i] !== "__proto__" && typeof values[keys[i]] === "number") this.valuesById[this.values[keys[i]] = values[keys[i]]] = keys[i];
		}
	}
	/**
	* @override
	*/
	Enum.prototype._resolveFeatures = function _resolveFeatures(edition) {
		edition = this._edition || edition;
		ReflectionObject.prototype._resolveFeatures.call(this, edition);
		Object.keys(this.values).forEach((key) => {
			var parentFeaturesCopy = util.merge({}, this._features);
			this._valuesFeatures[key] = util.merge(parentFeaturesCopy, this.valuesOptions && this.valuesOptions[key] && this.valuesOptions[key].features || {});
		});
		return this;
	};
	/**
	* Enum descriptor.
	* @interface IEnum
	* @property {Object.<string,number>} values Enum values
	* @property {Object.<string,*>} [options] Enum options
	*/
	/**
	* Constructs an enum from an enum descriptor.
	* @param {string} name Enum name
	* @param {IEnum} json Enum descriptor
	* @returns {Enum} Created enum
	* @throws {TypeError} If arguments are invalid
	*/
	Enum.fromJSON = function fromJSON(name, json) {
		var enm = new Enum(name, json.values, json.options, json.comment, json.comments);
		enm.reserved = json.reserved;
		if (json.edition) enm._edition = json.edition;
		enm._defaultEdition = "proto3";
		return enm;
	};
	/**
	* Converts this enum to an enum descriptor.
	* @param {IToJSONOptions} [toJSONOptions] JSON conversion options
	* @returns {IEnum} Enum descriptor
	*/
	Enum.prototype.toJSON = function toJSON(toJSONOptions) {
		var keepComments = toJSONOptions ? Boolean(toJSONOptions.keepComments) : false;
		return util.toObject([
			"edition",
			this._editionToJSON(),
			"options",
			this.options,
			"valuesOptions",
			this.valuesOptions,
			"values",
			this.values,
			"reserved",
			this.reserved && this.reserved.length ? this.reserved : void 0,
			"comment",
			keepComments ? this.comment : void 0,
			"comments",
			keepComments ? this.comments : void 0
		]);
	};
	/**
	* Adds a value to this enum.
	* @param {string} name Value name
	* @param {number} id Value id
	* @param {string} [comment] Comment, if any
	* @param {Object.<string, *>|undefined} [options] Options, if any
	* @returns {Enum} `this`
	* @throws {TypeError} If arguments are invalid
	* @throws {Error} If there is already a value with this name or id
	*/
	Enum.prototype.add = function add(name, id, comment, options) {
		if (!util.isString(name)) throw TypeError("name must be a string");
		if (!util.isInteger(id)) throw TypeError("id must be an integer");
		if (name === "__proto__") return this;
		if (this.values[name] !== void 0) throw Error("duplicate name '" + name + "' in " + this);
		if (this.isReservedId(id)) throw Error("id " + id + " is reserved in " + this);
		if (this.isReservedName(name)) throw Error("name '" + name + "' is reserved in " + this);
		if (this.valuesById[id] !== void 0) {
			if (!(this.options && this.options.allow_alias)) throw Error("duplicate id " + id + " in " + this);
			this.values[name] = id;
		} else this.valuesById[this.values[name] = id] = name;
		if (options) {
			if (this.valuesOptions === void 0) this.valuesOptions = {};
			this.valuesOptions[name] = options || null;
		}
		this.comments[name] = comment || null;
		return this;
	};
	/**
	* Removes a value from this enum
	* @param {string} name Value name
	* @returns {Enum} `this`
	* @throws {TypeError} If arguments are invalid
	* @throws {Error} If `name` is not a name of this enum
	*/
	Enum.prototype.remove = function remove(name) {
		if (!util.isString(name)) throw TypeError("name must be a string");
		var val = this.values[name];
		if (val == null) throw Error("name '" + name + "' does not exist in " + this);
		delete this.valuesById[val];
		delete this.values[name];
		delete this.comments[name];
		if (this.valuesOptions) delete this.valuesOptions[name];
		return this;
	};
	/**
	* Tests if the specified id is reserved.
	* @param {number} id Id to test
	* @returns {boolean} `true` if reserved, otherwise `false`
	*/
	Enum.prototype.isReservedId = function isReservedId(id) {
		return Namespace.isReservedId(this.reserved, id);
	};
	/**
	* Tests if the specified name is reserved.
	* @param {string} name Name to test
	* @returns {boolean} `true` if reserved, otherwise `false`
	*/
	Enum.prototype.isReservedName = function isReservedName(name) {
		return Namespace.isReservedName(this.reserved, name);
	};
}));
// node_modules/protobufjs/src/encoder.js
var require_encoder = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = encoder;
	var Enum = require_enum();
	var types = require_types();
	var util = require_util();
	/**
	* Generates a partial message type encoder.
	* @param {Codegen} gen Codegen instance
	* @param {Field} field Reflected field
	* @param {number} fieldIndex Field index
	* @param {string} ref Variable reference
	* @returns {Codegen} Codegen instance
	* @ignore
	*/
	function genTypePartial(gen, field, fieldIndex, ref) {
		return field.delimited ? gen("types[%i].encode(%s,w.uint32(%i),q+1).uint32(%i)", fieldIndex, ref, (field.id << 3 | 3) >>> 0, (field.id << 3 | 4) >>> 0) : gen("types[%i].encode(%s,w.uint32(%i).fork(),q+1).ldelim()", fieldIndex, ref, (field.id << 3 | 2) >>> 0);
	}
	/**
	* Generates an encoder specific to the specified message type.
	* @param {Type} mtype Message type
	* @returns {Codegen} Codegen instance
	*/
	function encoder(mtype) {
		var gen = util.codegen([
			"m",
			"w",
			"q"
		], mtype.name + "$encode")("if(!w)")("w=Writer.create()")("if(q===undefined)q=0")("if(q>util.recursionLimit)")("throw Error(\"max depth exceeded\")");
		var i, ref;
		var fields = mtype.fieldsArray.slice().sort(util.compareFieldsById);
		for (var i = 0; i < fields.length; ++i) {
			var field = fields[i].resolve(), index = mtype._fieldsArray.indexOf(field), type = field.resolvedType instanceof Enum ? "int32" : field.type, wireType = types.basic[type];
			ref = "m" + util.safeProp(field.name);
			if (field.map) {
				gen("if(%s!=null&&Object.hasOwnProperty.call(m,%j)){", ref, field.name)("for(var ks=Object.keys(%s),i=0;i<ks.length;++i){", ref)("w.uint32(%i).fork().uint32(%i).%s(ks[i])", (field.id << 3 | 2) >>> 0, 8 | types.mapKey[field.keyType], field.keyType);
				if (wireType === void 0) gen("types[%i].encode(%s[ks[i]],w.uint32(18).fork(),q+1).ldelim().ldelim()", index, ref);
				else gen(".uint32(%i).%s(%s[ks[i]]).ldelim()", 16 | wireType, type, ref);
				gen("}")("}");
			} else if (field.repeated) {
				gen("if(%s!=null&&%s.length){", ref, ref);
				if (field.packed && types.packed[type] !== void 0) gen("w.uint32(%i).fork()", (field.id << 3 | 2) >>> 0)("for(var i=0;i<%s.length;++i)", ref)("w.%s(%s[i])", type, ref)("w.ldelim()");
				else {
					gen("for(var i=0;i<%s.length;++i)", ref);
					if (wireType === void 0) genTypePartial(gen, field, index, ref + "[i]");
					else gen("w.uint32(%i).%s(%s[i])", (field.id << 3 | wireType) >>> 0, type, ref);
				}
				gen("}");
			} else {
				if (field.optional) gen("if(%s!=null&&Object.hasOwnProperty.call(m,%j))", ref, field.name);
				if (wireType === void 0) genTypePartial(gen, field, index, ref);
				else gen("w.uint32(%i).%s(%s)", (field.id << 3 | wireType) >>> 0, type, ref);
			}
		}
		return gen("return w");
	}
}));
// node_modules/protobufjs/src/index-light.js
var require_index_light = /* @__PURE__ */ __commonJSMin(((exports, module) => {
	var protobuf = module.exports = require_index_minimal();
	protobuf.build = "light";
	/**
	* A node-style callback as used by {@link load} and {@link Root#load}.
	* @typedef LoadCallback
	* @type {function}
	* @param {Error|null} error Error, if any, otherwise `null`
	* @param {Root} [root] Root, if there hasn't been an error
	* @returns {undefined}
	*/
	/**
	* Loads one or multiple .proto or preprocessed .json files into a common root namespace and calls the callback.
	* @param {string|string[]} filename One or multiple files to load
	* @param {Root} root Root namespace, defaults to create a new one if omitted.
	* @param {LoadCallback} callback Callback function
	* @returns {undefined}
	* @see {@link Root#load}
	*/
	function load(filename, root, callback) {
		if (typeof root === "function") {
			callback = root;
			root = new protobuf.Root();
		} else if (!root) root = new protobuf.Root();
		return root.load(filename, callback);
	}
	/**
	* Loads one or multiple .proto or preprocessed .json files into a common root namespace and calls the callback.
	* @name load
	* @function
	* @param {string|string[]} filename One or multiple files to load
	* @param {LoadCallback} callback Callback function
	* @returns {undefined}
	* @see {@link Root#load}
	* @variation 2
	*/
	/**
	* Loads one or multiple .proto or preprocessed .json files into a common root namespace and returns a promise.
	* @name load
	* @function
	* @param {string|string[]} filename One or multiple files to load
	* @param {Root} [root] Root namespace, defaults to create a new one if omitted.
	* @returns {Promise<Root>} Promise
	* @see {@link Root#load}
	* @variation 3
	*/
	protobuf.load = load;
	/**
	* Synchronously loads one or multiple .proto or preprocessed .json files into a common root namespace (node only).
	* @param {string|string[]} filename One or multiple files to load
	* @param {Root} [root] Root namespace, defaults to create a new one if omitted.
	* @returns {Root} Root namespace
	* @throws {Error} If synchronous fetching is not supported (i.e. in browsers) or if a file's syntax is invalid
	* @see {@link Root#loadSync}
	*/
	function loadSync(filename, root) {
		if (!root) root = new protobuf.Root();
		return root.loadSync(filename);
	}
	protobuf.loadSync = loadSync;
	protobuf.encoder = require_encoder();
	protobuf.decoder = require_decoder();
	protobuf.verifier = require_verifier();
	protobuf.converter = require_converter();
	protobuf.ReflectionObject = require_object();
	protobuf.Namespace = require_namespace();
	protobuf.Root = require_root();
	protobuf.Enum = require_enum();
	protobuf.Type = require_type();
	protobuf.Field = require_field();
	protobuf.OneOf = require_oneof();
	protobuf.MapField = require_mapfield();
	protobuf.Service = require_service();
	protobuf.Method = require_method();
	protobuf.Message = require_message();
	protobuf.wrappers = require_wrappers();
	protobuf.types = require_types();
	protobuf.util = require_util();
	protobuf.ReflectionObject._configure(protobuf.Root);
	protobuf.Namespace._configure(protobuf.Type, protobuf.Service, protobuf.Enum);
	protobuf.Root._configure(protobuf.Type);
	protobuf.Field._configure(protobuf.Type);
}));
// models/build/onnx.ts
var import_light = /* @__PURE__ */ __toESM((/* @__PURE__ */ __commonJSMin(((exports, module) => {
	module.exports = require_index_light();
})))(), 1);
const protobuf = import_light.default ?? import_light;
const ONNX_SCHEMA = { nested: { onnx: { nested: {
	ModelProto: { fields: {
		irVersion: {
			type: "int64",
			id: 1
		},
		producerName: {
			type: "string",
			id: 2
		},
		producerVersion: {
			type: "string",
			id: 3
		},
		domain: {
			type: "string",
			id: 4
		},
		modelVersion: {
			type: "int64",
			id: 5
		},
		docString: {
			type: "string",
			id: 6
		},
		graph: {
			type: "GraphProto",
			id: 7
		},
		opsetImport: {
			rule: "repeated",
			type: "OperatorSetIdProto",
			id: 8
		}
	} },
	OperatorSetIdProto: { fields: {
		domain: {
			type: "string",
			id: 1
		},
		version: {
			type: "int64",
			id: 2
		}
	} },
	GraphProto: { fields: {
		node: {
			rule: "repeated",
			type: "NodeProto",
			id: 1
		},
		name: {
			type: "string",
			id: 2
		},
		initializer: {
			rule: "repeated",
			type: "TensorProto",
			id: 5
		},
		docString: {
			type: "string",
			id: 10
		},
		input: {
			rule: "repeated",
			type: "ValueInfoProto",
			id: 11
		},
		output: {
			rule: "repeated",
			type: "ValueInfoProto",
			id: 12
		},
		valueInfo: {
			rule: "repeated",
			type: "ValueInfoProto",
			id: 13
		}
	} },
	NodeProto: { fields: {
		input: {
			rule: "repeated",
			type: "string",
			id: 1
		},
		output: {
			rule: "repeated",
			type: "string",
			id: 2
		},
		name: {
			type: "string",
			id: 3
		},
		opType: {
			type: "string",
			id: 4
		},
		attribute: {
			rule: "repeated",
			type: "AttributeProto",
			id: 5
		},
		docString: {
			type: "string",
			id: 6
		},
		domain: {
			type: "string",
			id: 7
		}
	} },
	AttributeProto: { fields: {
		name: {
			type: "string",
			id: 1
		},
		f: {
			type: "float",
			id: 2
		},
		i: {
			type: "int64",
			id: 3
		},
		s: {
			type: "bytes",
			id: 4
		},
		t: {
			type: "TensorProto",
			id: 5
		},
		floats: {
			rule: "repeated",
			type: "float",
			id: 7,
			options: { packed: true }
		},
		ints: {
			rule: "repeated",
			type: "int64",
			id: 8,
			options: { packed: true }
		},
		docString: {
			type: "string",
			id: 13
		},
		type: {
			type: "int32",
			id: 20
		}
	} },
	TensorProto: { fields: {
		dims: {
			rule: "repeated",
			type: "int64",
			id: 1,
			options: { packed: true }
		},
		dataType: {
			type: "int32",
			id: 2
		},
		name: {
			type: "string",
			id: 8
		},
		rawData: {
			type: "bytes",
			id: 9
		},
		docString: {
			type: "string",
			id: 12
		}
	} },
	ValueInfoProto: { fields: {
		name: {
			type: "string",
			id: 1
		},
		type: {
			type: "TypeProto",
			id: 2
		},
		docString: {
			type: "string",
			id: 3
		}
	} },
	TypeProto: { fields: { tensorType: {
		type: "TypeProtoTensor",
		id: 1
	} } },
	TypeProtoTensor: { fields: {
		elemType: {
			type: "int32",
			id: 1
		},
		shape: {
			type: "TensorShapeProto",
			id: 2
		}
	} },
	TensorShapeProto: { fields: { dim: {
		rule: "repeated",
		type: "TensorShapeDimension",
		id: 1
	} } },
	TensorShapeDimension: {
		oneofs: { value: { oneof: ["dimValue", "dimParam"] } },
		fields: {
			dimValue: {
				type: "int64",
				id: 1
			},
			dimParam: {
				type: "string",
				id: 2
			}
		}
	}
} } } };
let modelType;
function getModelType() {
	modelType ??= protobuf.Root.fromJSON(ONNX_SCHEMA).lookupType("onnx.ModelProto");
	return modelType;
}
/** Element types the builder writes; the values are ONNX `TensorProto.DataType` codes. */
const ONNX_DTYPES = {
	float32: 1,
	uint8: 2,
	int32: 6,
	int64: 7
};
/** `AttributeProto.AttributeType` codes. */
const ATTR_TYPE = {
	FLOAT: 1,
	INT: 2,
	STRING: 3,
	FLOATS: 6,
	INTS: 7
};
function dtypeOf(data) {
	if (data instanceof Float32Array) return "float32";
	if (data instanceof Uint8Array) return "uint8";
	if (data instanceof Int32Array) return "int32";
	return "int64";
}
function encodeAttr(name, value) {
	if (typeof value === "string") return {
		name,
		type: ATTR_TYPE.STRING,
		s: new TextEncoder().encode(value)
	};
	if (typeof value === "number") {
		if (!Number.isInteger(value)) throw new TypeError(`attribute ${name}: ${value} is not an integer; wrap floats with float()`);
		return {
			name,
			type: ATTR_TYPE.INT,
			i: value
		};
	}
	if ("float" in value) return {
		name,
		type: ATTR_TYPE.FLOAT,
		f: value.float
	};
	if ("floats" in value) return {
		name,
		type: ATTR_TYPE.FLOATS,
		floats: [...value.floats]
	};
	for (const v of value) if (!Number.isInteger(v)) throw new TypeError(`attribute ${name}: ${v} is not an integer; wrap with floats()`);
	return {
		name,
		type: ATTR_TYPE.INTS,
		ints: [...value]
	};
}
function valueInfo(name, dtype, dims) {
	return {
		name,
		type: { tensorType: {
			elemType: ONNX_DTYPES[dtype],
			shape: { dim: dims.map((d) => typeof d === "number" ? { dimValue: d } : { dimParam: d }) }
		} }
	};
}
/**
* Builds one ONNX graph (opset 17, IR 8) node by node.
*
* @example
* const g = new GraphBuilder('add');
* const a = g.input('a', 'float32', [1, 'N']);
* const b = g.initializer('b', new Float32Array([1, 2]), [1, 2]);
* g.output(g.op('Add', [a, b], 'sum'), 'float32', [1, 'N']);
* const bytes = g.toBytes(); // feed to ort.InferenceSession.create(bytes)
*/
var GraphBuilder = class {
	constructor(name, docString = "") {
		this.name = name;
		this.docString = docString;
		this.nodes = [];
		this.inits = [];
		this.inputs = [];
		this.outputs = [];
		this.names = /* @__PURE__ */ new Set();
		this.counter = 0;
	}
	/** Declares a graph input and returns its name. */
	input(name, dtype, dims) {
		this.claim(name);
		this.inputs.push(valueInfo(name, dtype, dims));
		return name;
	}
	/** Declares an existing value as a graph output. */
	output(name, dtype, dims) {
		this.outputs.push(valueInfo(name, dtype, dims));
		return name;
	}
	/** Adds a constant tensor (stored as little-endian raw_data) and returns its name. */
	initializer(name, data, dims) {
		const count = dims.reduce((a, b) => a * b, 1);
		if (count !== data.length) throw new RangeError(`initializer ${name}: dims [${dims.join(",")}] hold ${count} values, data has ${data.length}`);
		this.claim(name);
		const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
		this.inits.push({
			name,
			dims: [...dims],
			dataType: ONNX_DTYPES[dtypeOf(data)],
			rawData: raw
		});
		return name;
	}
	/** A float32 constant, named automatically. Scalars get shape []. */
	constFloat(values, dims) {
		const arr = typeof values === "number" ? [values] : values;
		return this.initializer(this.fresh("c"), Float32Array.from(arr), dims ?? (typeof values === "number" ? [] : [arr.length]));
	}
	/** An int64 constant, named automatically (shapes, pads, axes). */
	constInt64(values, dims) {
		return this.initializer(this.fresh("i"), BigInt64Array.from(values.map(BigInt)), dims ?? [values.length]);
	}
	/**
	* Appends a node. `outputs` is a list of names or a count of auto-named outputs
	* (default 1). Use '' in `inputs` to skip an optional input. Returns the output names.
	*/
	node(opType, inputs, outputs = 1, attrs = {}, domain = "") {
		const outs = typeof outputs === "number" ? Array.from({ length: outputs }, () => this.fresh(opType)) : [...outputs];
		for (const o of outs) this.claim(o);
		this.nodes.push({
			name: `${opType}_${this.nodes.length}`,
			opType,
			domain,
			input: [...inputs],
			output: outs,
			attribute: Object.entries(attrs).map(([k, v]) => encodeAttr(k, v))
		});
		return outs;
	}
	/** `node()` for the common one-output case; `output` optionally names the result. */
	op(opType, inputs, output, attrs = {}) {
		return this.node(opType, inputs, output === void 0 ? 1 : [output], attrs)[0];
	}
	/** Number of nodes so far (for size budgets in tests). */
	get nodeCount() {
		return this.nodes.length;
	}
	/** Serialises the model as ONNX protobuf bytes. */
	toBytes(producerVersion = "0.1.0") {
		const type = getModelType();
		const model = {
			irVersion: 8,
			producerName: "local-inpaint",
			producerVersion,
			docString: this.docString,
			opsetImport: [{
				domain: "",
				version: 17
			}],
			graph: {
				name: this.name,
				node: this.nodes,
				initializer: this.inits,
				input: this.inputs,
				output: this.outputs
			}
		};
		const err = type.verify(model);
		if (err) throw new Error(`invalid ONNX model ${this.name}: ${err}`);
		return type.encode(type.fromObject(model)).finish();
	}
	fresh(prefix) {
		let name;
		do
			name = `${prefix}_${this.counter++}`;
		while (this.names.has(name));
		return name;
	}
	claim(name) {
		if (this.names.has(name)) throw new Error(`value name ${name} is already defined in graph ${this.name}`);
		this.names.add(name);
	}
};
// models/builtin/graph.ts
/**
* The built-in fill model: an ONNX graph generated from code, no weights to
* download. It fills the hole from its surroundings in three stages:
*
* 1. **Pull.** A mask-weighted 2×2 AveragePool pyramid of the known pixels
*    (`a = image·known`, `w = known`), so each coarse pixel holds the mean of the
*    known pixels under it and the fraction that was known.
* 2. **Push + harmonic smoothing.** Coarse to fine, the hole is initialised from
*    the bilinear upsampling of the coarser solution and relaxed with Jacobi
*    sweeps of `s ← a + (1 − w)·N(s)`, where N is the 8-neighbour mean (a 3×3
*    depthwise Conv). At full resolution `w` is 0/1, so known pixels are fixed and
*    the fixed point is the discrete harmonic (Laplace) interpolant, the
*    conditional mean of a 1/f² (natural-image-like) Gaussian field given the
*    boundary. At coarse levels the partial weights blend data and smoothness.
*    The unrolled sweeps replace Loop, which WebGPU does not run.
* 3. **Grain.** A fourth channel carries the local high-frequency energy of the
*    known pixels (`(x − blur_known(x))²`), pulled into the hole by the same
*    solve; `fill += grain·sqrt(energy)·noise` restores detail so the fill does
*    not look plastic. The caller seeds `noise`, so outputs are deterministic.
*
* Only ops that onnxruntime-web runs on both WASM and WebGPU are used (Sub, Mul,
* Add, Div, Max, Conv, AveragePool, GlobalAveragePool, Resize, Concat, Slice,
* Sqrt, Clip).
*/
/**
* Measured on ../shared/corpus/dev in Node WASM (see models/README.md): DEFAULT and
* QUALITY are above the OpenCV bar on every mask type; TURBO trades a little PSNR
* for speed.
*/
const BUILTIN_SPEED_PARAMS = {
	TURBO: {
		levels: 6,
		iterations: [
			2,
			4,
			8,
			16,
			24,
			32,
			32
		],
		grain: .5,
		maxSide: 768
	},
	DEFAULT: {
		levels: 6,
		iterations: [
			4,
			8,
			12,
			16,
			24,
			32,
			32
		],
		grain: .5,
		maxSide: 1024
	},
	QUALITY: {
		levels: 7,
		iterations: [
			8,
			12,
			16,
			24,
			32,
			32,
			32,
			32
		],
		grain: .5,
		maxSide: 2048
	}
};
/**
* The multiple that H and W must be padded to for these params.
*
* @example
* const m = builtinSizeMultiple(BUILTIN_SPEED_PARAMS.DEFAULT); // 64
* const padW = Math.ceil(w / m) * m;
*/
function builtinSizeMultiple(params) {
	return 2 ** params.levels;
}
/** Channels solved together: R, G, B and the high-frequency energy. */
const CHANNELS = 4;
/** Guards divisions by a weight that may be 0 where nothing is known. */
const EPS = 1e-6;
/** 8-neighbour mean with the centre excluded (Jacobi), edges weighted 2, corners 1. */
const RING = [
	1,
	2,
	1,
	2,
	0,
	2,
	1,
	2,
	1
].map((v) => v / 12);
/**
* Damped Jacobi for Δ²u = 0: `(1 − ω)·u + ω·B(u)` with ω = ½, where B is the
* 13-point biharmonic stencil solved for the centre (8·axial − 2·diagonal −
* distance-2 axial) / 20. Plain Jacobi (ω = 1) diverges: B has eigenvalue −2.2.
*/
const BIHARMONIC = (() => {
	const omega = .5;
	const k = new Array(25).fill(0);
	const at = (dy, dx, v) => k[(dy + 2) * 5 + dx + 2] += v;
	at(0, 0, .5);
	for (const [dy, dx] of [
		[0, 1],
		[0, -1],
		[1, 0],
		[-1, 0]
	]) at(dy, dx, omega * 8 / 20);
	for (const [dy, dx] of [
		[1, 1],
		[1, -1],
		[-1, 1],
		[-1, -1]
	]) at(dy, dx, omega * -2 / 20);
	for (const [dy, dx] of [
		[0, 2],
		[0, -2],
		[2, 0],
		[-2, 0]
	]) at(dy, dx, omega * -1 / 20);
	return k;
})();
/** Normalised 3×3 binomial blur, for the high-pass that measures local detail. */
const BINOMIAL = [
	1,
	2,
	1,
	2,
	4,
	2,
	1,
	2,
	1
].map((v) => v / 16);
function checkParams(params) {
	const { levels, iterations, grain } = params;
	if (!Number.isInteger(levels) || levels < 0 || levels > 12) throw new RangeError(`builtin fill: levels must be an integer 0..12, got ${levels}`);
	if (iterations.length !== levels + 1 || !iterations.every((n) => Number.isInteger(n) && n >= 0)) throw new RangeError(`builtin fill: iterations must be ${levels + 1} non-negative integers, got [${iterations.join(", ")}]`);
	if (!(grain >= 0 && Number.isFinite(grain))) throw new RangeError(`builtin fill: grain must be ≥ 0, got ${grain}`);
}
/** `channels` copies of a 3×3 kernel as a depthwise Conv weight [channels, 1, 3, 3]. */
function depthwise(g, name, kernel, channels) {
	const size = Math.sqrt(kernel.length);
	const data = new Float32Array(channels * kernel.length);
	for (let c = 0; c < channels; c++) data.set(kernel, c * kernel.length);
	return g.initializer(name, data, [
		channels,
		1,
		size,
		size
	]);
}
/**
* Generates the built-in fill model.
*
* Inputs: `image` float32 [1,3,H,W] RGB in 0..1; `mask` float32 [1,1,H,W], 1 = hole;
* `noise` float32 [1,1,H,W] standard normal. Output: `output` float32 [1,3,H,W] =
* clip(image·(1 − mask) + fill·mask, 0, 1), so known pixels are returned exactly.
* H and W are dynamic multiples of {@link builtinSizeMultiple}.
*
* @example
* const bytes = buildBuiltinFillModel(BUILTIN_SPEED_PARAMS.DEFAULT);
* const session = await ort.InferenceSession.create(bytes);
*/
function buildBuiltinFillModel(params) {
	checkParams(params);
	const g = new GraphBuilder("builtin_fill", `builtin-fill levels=${params.levels} iterations=[${params.iterations}] grain=${params.grain}`);
	const img = [
		1,
		3,
		"H",
		"W"
	];
	const plane = [
		1,
		1,
		"H",
		"W"
	];
	const image = g.input("image", "float32", img);
	const mask = g.input("mask", "float32", plane);
	const noise = g.input("noise", "float32", plane);
	const one = g.constFloat(1);
	const eps = g.constFloat(EPS);
	const ring = depthwise(g, "ring_kernel", RING, CHANNELS);
	const ring1 = depthwise(g, "ring_kernel_1", RING, 1);
	const blur3 = depthwise(g, "blur_kernel_3", BINOMIAL, 3);
	const blur1 = depthwise(g, "blur_kernel_1", BINOMIAL, 1);
	const conv3 = (x, w, group) => g.op("Conv", [x, w], void 0, {
		group,
		kernel_shape: [3, 3],
		pads: [
			1,
			1,
			1,
			1
		]
	});
	const known = g.op("Sub", [one, mask], "known");
	const imageKnown = g.op("Mul", [image, known], "image_known");
	const blurredKnown = g.op("Div", [conv3(imageKnown, blur3, 3), g.op("Max", [conv3(known, blur1, 1), eps])]);
	const highPass = g.op("Sub", [imageKnown, g.op("Mul", [blurredKnown, known])]);
	const channelMean = g.initializer("channel_mean", new Float32Array([
		1 / 3,
		1 / 3,
		1 / 3
	]), [
		1,
		3,
		1,
		1
	]);
	const energy = g.op("Conv", [g.op("Mul", [highPass, highPass]), channelMean], "hf_energy", { kernel_shape: [1, 1] });
	const data = [g.op("Concat", [imageKnown, energy], "pull_0", { axis: 1 })];
	const weight = [known];
	const ones = [g.op("Add", [known, mask], "ones_0")];
	const pool = {
		kernel_shape: [2, 2],
		strides: [2, 2]
	};
	for (let l = 1; l <= params.levels; l++) {
		data.push(g.op("AveragePool", [data[l - 1]], `pull_${l}`, pool));
		weight.push(g.op("AveragePool", [weight[l - 1]], `weight_${l}`, pool));
		ones.push(g.op("AveragePool", [ones[l - 1]], `ones_${l}`, pool));
	}
	const L = params.levels;
	const globalMean = g.op("Div", [g.op("GlobalAveragePool", [data[L]]), g.op("Max", [g.op("GlobalAveragePool", [weight[L]]), eps])]);
	const upScales = g.constFloat([
		1,
		1,
		2,
		2
	]);
	let solution = "";
	for (let l = L; l >= 0; l--) {
		const unknown = g.op("Sub", [one, weight[l]]);
		const prior = l === L ? globalMean : g.op("Resize", [
			solution,
			"",
			upScales
		], void 0, {
			mode: "linear",
			coordinate_transformation_mode: "half_pixel"
		});
		solution = g.op("Add", [data[l], g.op("Mul", [unknown, prior])], `init_${l}`);
		if (params.iterations[l] > 0) {
			const free = g.op("Div", [unknown, conv3(ones[l], ring1, 1)], `free_${l}`);
			for (let i = 0; i < params.iterations[l]; i++) solution = g.op("Add", [data[l], g.op("Mul", [free, conv3(solution, ring, CHANNELS)])]);
		}
	}
	const sweeps = params.biharmonic ?? 0;
	if (sweeps > 0) {
		const bi = depthwise(g, "biharmonic_kernel", BIHARMONIC, CHANNELS);
		const pads = g.constInt64([
			0,
			0,
			2,
			2,
			0,
			0,
			2,
			2
		]);
		const free0 = g.op("Sub", [one, weight[0]], "free_bi");
		for (let i = 0; i < sweeps; i++) {
			const padded = g.op("Pad", [solution, pads], void 0, { mode: "edge" });
			const smoothed = g.op("Conv", [padded, bi], void 0, {
				group: CHANNELS,
				kernel_shape: [5, 5]
			});
			solution = g.op("Add", [data[0], g.op("Mul", [free0, smoothed])]);
		}
	}
	const axes = g.constInt64([1]);
	const rgb = g.op("Slice", [
		solution,
		g.constInt64([0]),
		g.constInt64([3]),
		axes
	], "fill_smooth");
	const sigma = g.op("Sqrt", [g.op("Max", [g.op("Slice", [
		solution,
		g.constInt64([3]),
		g.constInt64([4]),
		axes
	]), g.constFloat(0)])]);
	let fill = rgb;
	if (params.grain > 0) {
		const grain = g.op("Mul", [g.op("Mul", [sigma, noise]), g.constFloat(params.grain)], "grain");
		fill = g.op("Add", [rgb, grain], "fill");
	}
	const blended = g.op("Add", [imageKnown, g.op("Mul", [fill, mask])]);
	g.op("Clip", [
		blended,
		g.constFloat(0),
		g.constFloat(1)
	], "output");
	g.output("output", "float32", img);
	return g.toBytes();
}
// src/shared/pixels-planar.ts
/**
* Converts RGBA bytes to a planar float tensor `[3, H, W]` (R plane, G plane, B
* plane; alpha dropped), value = byte · scale + offset. With `padTo`, the planes
* are padded on the bottom and right by replicating the last column and row:
* replication rather than zeros keeps a hard black edge out of the model's view.
*
* @example
* const t = rgbaToPlanarFloat(crop, w, h, { padTo: { width: padSize(w, 8), height: padSize(h, 8) } });
* new ort.Tensor('float32', t, [1, 3, padH, padW]);
*/
function rgbaToPlanarFloat(rgba, width, height, opts = {}) {
	if (rgba.length !== width * height * 4) throw new RangeError(`rgba: expected ${width * height * 4} bytes, got ${rgba.length}`);
	const { width: pw, height: ph } = checkedPad(width, height, opts.padTo);
	if (width === 0 || height === 0) {
		if (pw * ph > 0) throw new RangeError("cannot pad an empty image");
		return /* @__PURE__ */ new Float32Array(0);
	}
	const scale = opts.scale ?? 1 / 255;
	const offset = opts.offset ?? 0;
	const lut = /* @__PURE__ */ new Float32Array(256);
	for (let b = 0; b < 256; b++) lut[b] = b * scale + offset;
	const plane = pw * ph;
	const out = new Float32Array(3 * plane);
	for (let y = 0; y < ph; y++) {
		const sy = y < height ? y : height - 1;
		for (let x = 0; x < pw; x++) {
			const sx = x < width ? x : width - 1;
			const p = (sy * width + sx) * 4;
			const o = y * pw + x;
			out[o] = lut[rgba[p]];
			out[plane + o] = lut[rgba[p + 1]];
			out[2 * plane + o] = lut[rgba[p + 2]];
		}
	}
	return out;
}
/**
* Converts a hole map to a planar float tensor `[1, H, W]`: 1.0 for hole, 0.0 for
* keep. Padding is 0 (known), so the model is never asked to fill the padding.
*
* @example
* const m = holeToPlanarFloat(holeCrop, w, h, { width: padW, height: padH });
*/
function holeToPlanarFloat(hole, width, height, padTo) {
	if (hole.length !== width * height) throw new RangeError(`hole: expected ${width * height} bytes, got ${hole.length}`);
	const { width: pw, height: ph } = checkedPad(width, height, padTo);
	const out = new Float32Array(pw * ph);
	for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[y * pw + x] = hole[y * width + x] ? 1 : 0;
	return out;
}
/**
* Inverse of {@link rgbaToPlanarFloat}: planar `[3, H, W]` floats back to RGBA
* bytes with alpha 255. Values are rounded to the nearest byte (half to even,
* as Uint8ClampedArray does) and clamped to 0..255; NaN becomes 0.
*
* @param planeWidth width of each plane in the tensor (the padded width)
* @param planeHeight height of each plane in the tensor (the padded height)
* @example
* const rgba = planarFloatToRgba(output.data as Float32Array, padW, padH, { crop: { width: w, height: h } });
*/
function planarFloatToRgba(planar, planeWidth, planeHeight, opts = {}) {
	const plane = planeWidth * planeHeight;
	if (planar.length !== 3 * plane) throw new RangeError(`planar: expected ${3 * plane} floats, got ${planar.length}`);
	const w = opts.crop?.width ?? planeWidth;
	const h = opts.crop?.height ?? planeHeight;
	if (w > planeWidth || h > planeHeight) throw new RangeError(`crop ${w}x${h} exceeds planes ${planeWidth}x${planeHeight}`);
	const scale = opts.scale ?? 1 / 255;
	const offset = opts.offset ?? 0;
	const out = new Uint8ClampedArray(w * h * 4);
	for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
		const i = y * planeWidth + x;
		const p = (y * w + x) * 4;
		out[p] = (planar[i] - offset) / scale;
		out[p + 1] = (planar[plane + i] - offset) / scale;
		out[p + 2] = (planar[2 * plane + i] - offset) / scale;
		out[p + 3] = 255;
	}
	return out;
}
function checkedPad(width, height, padTo) {
	if (!padTo) return {
		width,
		height
	};
	if (padTo.width < width || padTo.height < height) throw new RangeError(`padTo ${padTo.width}x${padTo.height} is smaller than the image ${width}x${height}`);
	return padTo;
}
// src/shared/pixels-resize.ts
/**
* Resizes an RGBA image. All four channels are filtered independently (the
* pixels are non-premultiplied; alpha is carried, not used as a weight).
* Bytes are rounded to nearest (half to even) and clamped.
*
* - `area` averages each output pixel's exact footprint in the source (weights
*   are integer overlaps, so a 2× shrink is the plain mean of 2×2 blocks), like
*   OpenCV's INTER_AREA when shrinking.
* - `bilinear` samples at half-pixel centres, clamped at the edges, like
*   OpenCV's INTER_LINEAR and PyTorch's `align_corners=False`.
*
* @example
* const small = resizeRgba(crop, w, h, w >> 1, h >> 1, 'area');
* const back = resizeRgba(filledSmall, w >> 1, h >> 1, w, h, 'bilinear');
*/
function resizeRgba(rgba, width, height, newWidth, newHeight, method) {
	if (rgba.length !== width * height * 4) throw new RangeError(`rgba: expected ${width * height * 4} bytes, got ${rgba.length}`);
	checkSizes(width, height, newWidth, newHeight);
	if (newWidth === width && newHeight === height) return new Uint8ClampedArray(rgba);
	const tapsX = method === "area" ? areaTaps(width, newWidth) : bilinearTaps(width, newWidth);
	const tapsY = method === "area" ? areaTaps(height, newHeight) : bilinearTaps(height, newHeight);
	const tmp = new Float32Array(newWidth * height * 4);
	for (let y = 0; y < height; y++) {
		const srcRow = y * width * 4;
		const dstRow = y * newWidth * 4;
		for (let o = 0; o < newWidth; o++) {
			let r = 0, g = 0, b = 0, a = 0;
			for (let k = tapsX.start[o]; k < tapsX.start[o + 1]; k++) {
				const p = srcRow + tapsX.index[k] * 4;
				const wt = tapsX.weight[k];
				r += rgba[p] * wt;
				g += rgba[p + 1] * wt;
				b += rgba[p + 2] * wt;
				a += rgba[p + 3] * wt;
			}
			const q = dstRow + o * 4;
			tmp[q] = r;
			tmp[q + 1] = g;
			tmp[q + 2] = b;
			tmp[q + 3] = a;
		}
	}
	const out = new Uint8ClampedArray(newWidth * newHeight * 4);
	const rowLen = newWidth * 4;
	const acc = new Float64Array(rowLen);
	for (let o = 0; o < newHeight; o++) {
		acc.fill(0);
		for (let k = tapsY.start[o]; k < tapsY.start[o + 1]; k++) {
			const src = tapsY.index[k] * rowLen;
			const wt = tapsY.weight[k];
			for (let i = 0; i < rowLen; i++) acc[i] += tmp[src + i] * wt;
		}
		out.set(acc, o * rowLen);
	}
	return out;
}
/**
* Resizes a hole map so that no hole pixel is lost: an output pixel is a hole
* when **any** source pixel its footprint overlaps is a hole. Shrinking thus
* never drops a thin stroke; growing dilates by at most one source pixel's
* footprint at the boundary, which errs on the side of filling.
*
* @example
* const smallHole = resizeHole(holeCrop, w, h, w >> 1, h >> 1);
*/
function resizeHole(hole, width, height, newWidth, newHeight) {
	if (hole.length !== width * height) throw new RangeError(`hole: expected ${width * height} bytes, got ${hole.length}`);
	checkSizes(width, height, newWidth, newHeight);
	const [x0, x1] = overlapSpans(width, newWidth);
	const [y0, y1] = overlapSpans(height, newHeight);
	const tmp = new Uint8Array(newWidth * height);
	for (let y = 0; y < height; y++) {
		const src = y * width;
		for (let o = 0; o < newWidth; o++) {
			let any = 0;
			for (let x = x0[o]; x < x1[o] && !any; x++) any = hole[src + x];
			tmp[y * newWidth + o] = any ? 1 : 0;
		}
	}
	const out = new Uint8Array(newWidth * newHeight);
	for (let o = 0; o < newHeight; o++) {
		const dst = o * newWidth;
		for (let y = y0[o]; y < y1[o]; y++) {
			const src = y * newWidth;
			for (let x = 0; x < newWidth; x++) out[dst + x] |= tmp[src + x];
		}
	}
	return out;
}
/** Source span `[lo[o], hi[o])` of pixels with positive overlap with output pixel `o`. */
function overlapSpans(n, newN) {
	const lo = new Int32Array(newN);
	const hi = new Int32Array(newN);
	for (let o = 0; o < newN; o++) {
		lo[o] = Math.floor(o * n / newN);
		hi[o] = Math.ceil((o + 1) * n / newN);
	}
	return [lo, hi];
}
/**
* Box-filter taps. Measured in units of 1/newN of a source pixel, output `o`
* covers `[o·n, (o+1)·n)` and source `i` covers `[i·newN, (i+1)·newN)`; the
* overlap is an integer and the weights sum to exactly n/n = 1.
*/
function areaTaps(n, newN) {
	const [lo, hi] = overlapSpans(n, newN);
	const start = new Int32Array(newN + 1);
	for (let o = 0; o < newN; o++) start[o + 1] = start[o] + (hi[o] - lo[o]);
	const index = new Int32Array(start[newN]);
	const weight = new Float64Array(start[newN]);
	for (let o = 0, k = 0; o < newN; o++) {
		const a = o * n;
		const b = (o + 1) * n;
		for (let i = lo[o]; i < hi[o]; i++, k++) {
			index[k] = i;
			weight[k] = (Math.min(b, (i + 1) * newN) - Math.max(a, i * newN)) / n;
		}
	}
	return {
		start,
		index,
		weight
	};
}
/** Linear taps at half-pixel centres: src = (o + 0.5)·n/newN − 0.5, clamped to the edge. */
function bilinearTaps(n, newN) {
	const start = new Int32Array(newN + 1);
	const index = new Int32Array(2 * newN);
	const weight = new Float64Array(2 * newN);
	for (let o = 0; o < newN; o++) {
		const src = Math.min(n - 1, Math.max(0, (o + .5) * n / newN - .5));
		const i0 = Math.floor(src);
		const f = src - i0;
		index[2 * o] = i0;
		weight[2 * o] = 1 - f;
		index[2 * o + 1] = Math.min(i0 + 1, n - 1);
		weight[2 * o + 1] = f;
		start[o + 1] = 2 * (o + 1);
	}
	return {
		start,
		index,
		weight
	};
}
function checkSizes(width, height, newWidth, newHeight) {
	for (const v of [
		width,
		height,
		newWidth,
		newHeight
	]) if (!Number.isInteger(v) || v < 1) throw new RangeError(`resize: sizes must be positive integers, got ${width}x${height} → ${newWidth}x${newHeight}`);
}
/**
* Bounding box of all hole pixels, or null when the map has no hole.
*
* @example
* const bounds = holeBounds(hole, w, h); // {x, y, width, height} | null
*/
function holeBounds(hole, width, height) {
	assertLength(hole.length, width * height, "hole");
	let minX = width;
	let minY = height;
	let maxX = -1;
	let maxY = -1;
	for (let y = 0; y < height; y++) {
		const row = y * width;
		let first = -1;
		for (let x = 0; x < width; x++) if (hole[row + x]) {
			first = x;
			break;
		}
		if (first < 0) continue;
		let last = first;
		for (let x = width - 1; x > first; x--) if (hole[row + x]) {
			last = x;
			break;
		}
		if (first < minX) minX = first;
		if (last > maxX) maxX = last;
		if (y < minY) minY = y;
		maxY = y;
	}
	if (maxX < 0) return null;
	return {
		x: minX,
		y: minY,
		width: maxX - minX + 1,
		height: maxY - minY + 1
	};
}
/**
* Grows the hole's bounding box by a context margin, clamped to the image. The
* model needs surroundings to fill from; the default margin is
* `max(minMargin, round(0.25 · max(bw, bh)))`, so small holes still see 32 px.
*
* @example
* const rect = contextRect(holeBounds(hole, w, h)!, w, h); // crop to work on
*/
function contextRect(bounds, width, height, opts = {}) {
	const minMargin = opts.minMargin ?? 32;
	const margin = opts.margin ?? Math.max(minMargin, Math.round(.25 * Math.max(bounds.width, bounds.height)));
	const x0 = Math.max(0, bounds.x - margin);
	const y0 = Math.max(0, bounds.y - margin);
	const x1 = Math.min(width, bounds.x + bounds.width + margin);
	const y1 = Math.min(height, bounds.y + bounds.height + margin);
	return {
		x: x0,
		y: y0,
		width: x1 - x0,
		height: y1 - y0
	};
}
/**
* Copies a rectangle out of an RGBA image.
*
* @example
* const crop = cropRgba(image.data, image.width, rect); // rect.width*rect.height*4 bytes
*/
function cropRgba(rgba, width, rect) {
	return cropChannels(rgba, width, rect, 4);
}
/**
* Copies a rectangle out of a hole map.
*
* @example
* const holeCrop = cropHole(hole, w, rect);
*/
function cropHole(hole, width, rect) {
	return cropChannels(hole, width, rect, 1);
}
function cropChannels(src, width, rect, channels) {
	assertRectInside(rect, width, src.length / (width * channels));
	const out = channels === 4 ? new Uint8ClampedArray(rect.width * rect.height * 4) : new Uint8Array(rect.width * rect.height);
	const rowBytes = rect.width * channels;
	for (let y = 0; y < rect.height; y++) {
		const start = ((rect.y + y) * width + rect.x) * channels;
		out.set(src.subarray(start, start + rowBytes), y * rowBytes);
	}
	return out;
}
/**
* Pastes a filled crop back into the full image, in place, **only where the hole
* map is 1**. Every other byte of `target` is left untouched, so pixels outside
* the hole stay bit-identical to the input; the alpha byte of hole pixels is
* kept from the input too (the model fills colour, not transparency).
*
* @param target full image RGBA, modified in place
* @param fill RGBA of `rect` (rect.width × rect.height × 4 bytes)
* @param hole full-image hole map (targetWidth × targetHeight)
* @example
* compositeHole(output, w, filledCrop, rect, hole);
*/
function compositeHole(target, targetWidth, fill, rect, hole) {
	const targetHeight = target.length / (targetWidth * 4);
	assertLength(hole.length, targetWidth * targetHeight, "hole");
	assertLength(fill.length, rect.width * rect.height * 4, "fill");
	assertRectInside(rect, targetWidth, targetHeight);
	for (let y = 0; y < rect.height; y++) {
		const row = (rect.y + y) * targetWidth + rect.x;
		for (let x = 0; x < rect.width; x++) {
			if (hole[row + x] !== 1) continue;
			const t = (row + x) * 4;
			const f = (y * rect.width + x) * 4;
			target[t] = fill[f];
			target[t + 1] = fill[f + 1];
			target[t + 2] = fill[f + 2];
		}
	}
}
/**
* Rounds `n` up to a multiple of `multiple` (models often need sides divisible by 8).
*
* @example
* padSize(513, 8); // 520
*/
function padSize(n, multiple) {
	if (!(multiple >= 1) || !Number.isInteger(multiple)) throw new RangeError(`padSize: multiple must be a positive integer, got ${multiple}`);
	return Math.ceil(n / multiple) * multiple;
}
/**
* Size mismatches here are programming errors inside the library, never user
* input (validation has already run), hence RangeError rather than InpaintError.
*/
function assertLength(actual, expected, what) {
	if (actual !== expected) throw new RangeError(`${what}: expected ${expected} elements, got ${actual}`);
}
function assertRectInside(rect, width, height) {
	if (!(Number.isInteger(rect.x) && Number.isInteger(rect.y) && rect.x >= 0 && rect.y >= 0 && rect.width >= 0 && rect.height >= 0 && rect.x + rect.width <= width && rect.y + rect.height <= height)) throw new RangeError(`rect ${JSON.stringify(rect)} is outside the ${width}x${height} image`);
}
// bench/proto/eval.ts
ort.env.wasm.numThreads = 1;
const C = "/tmp/corpus";
const speed = process.env.SPEED ?? "DEFAULT";
const params = {
	...BUILTIN_SPEED_PARAMS[speed],
	...process.env.PARAMS ? JSON.parse(process.env.PARAMS) : {}
};
const outDir = process.env.OUT ?? `/tmp/out/${speed}`;
mkdirSync(outDir, { recursive: true });
const only = process.env.ONLY;
function noiseOf(seed, n) {
	let s = seed >>> 0;
	const rnd = () => {
		s = s + 1831565813 >>> 0;
		let t = s;
		t = Math.imul(t ^ t >>> 15, t | 1);
		t ^= t + Math.imul(t ^ t >>> 7, t | 61);
		return ((t ^ t >>> 14) >>> 0) / 4294967296;
	};
	const out = new Float32Array(n);
	for (let i = 0; i < n; i += 2) {
		const u = rnd() || 1e-12, v = rnd();
		const r = Math.sqrt(-2 * Math.log(u));
		out[i] = r * Math.cos(2 * Math.PI * v);
		if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * v);
	}
	return out;
}
const cases = JSON.parse(readFileSync(`${C}/cases.json`, "utf8"));
const session = await ort.InferenceSession.create(buildBuiltinFillModel(params));
console.error(speed, JSON.stringify(params));
const times = [];
for (const cs of cases) {
	if (only && !`${cs.stem}_${cs.type}`.includes(only)) continue;
	const raw = readFileSync(`${C}/${cs.stem}.img`);
	const n = cs.w * cs.h;
	const rgba = new Uint8ClampedArray(n * 4);
	for (let i = 0; i < n; i++) {
		for (let k = 0; k < 3; k++) rgba[i * 4 + k] = raw[i * cs.c + (cs.c === 3 ? k : 0)];
		rgba[i * 4 + 3] = 255;
	}
	const hole = new Uint8Array(readFileSync(`${C}/${cs.stem}_${cs.type}.mask`));
	const t0 = performance.now();
	const rect = contextRect(holeBounds(hole, cs.w, cs.h), cs.w, cs.h);
	const crop = cropRgba(rgba, cs.w, rect);
	const cmask = cropHole(hole, cs.w, rect);
	const scale = Math.min(1, params.maxSide / Math.max(rect.width, rect.height));
	const rw = Math.max(1, Math.round(rect.width * scale)), rh = Math.max(1, Math.round(rect.height * scale));
	const rpix = scale < 1 ? resizeRgba(crop, rect.width, rect.height, rw, rh, "area") : crop;
	const rmask = scale < 1 ? resizeHole(cmask, rect.width, rect.height, rw, rh) : cmask;
	const m = builtinSizeMultiple(params);
	const padTo = {
		width: padSize(rw, m),
		height: padSize(rh, m)
	};
	const feeds = {
		image: new ort.Tensor("float32", rgbaToPlanarFloat(rpix, rw, rh, { padTo }), [
			1,
			3,
			padTo.height,
			padTo.width
		]),
		mask: new ort.Tensor("float32", holeToPlanarFloat(rmask, rw, rh, padTo), [
			1,
			1,
			padTo.height,
			padTo.width
		]),
		noise: new ort.Tensor("float32", noiseOf(1234, padTo.width * padTo.height), [
			1,
			1,
			padTo.height,
			padTo.width
		])
	};
	const t1 = performance.now();
	const out = await session.run(feeds);
	const t2 = performance.now();
	let fill = planarFloatToRgba(out.output.data, padTo.width, padTo.height, { crop: {
		width: rw,
		height: rh
	} });
	if (scale < 1) fill = resizeRgba(fill, rw, rh, rect.width, rect.height, "bilinear");
	const result = new Uint8ClampedArray(rgba);
	compositeHole(result, cs.w, fill, rect, hole);
	const t3 = performance.now();
	const res = new Uint8Array(n * cs.c);
	for (let i = 0; i < n; i++) for (let k = 0; k < cs.c; k++) res[i * cs.c + k] = result[i * 4 + k];
	writeFileSync(`${outDir}/${cs.stem}_${cs.type}.raw`, res);
	times.push(`${cs.stem}_${cs.type}\t${padTo.width}x${padTo.height}\t${(t2 - t1).toFixed(0)}\t${(t3 - t0 - (t2 - t1)).toFixed(0)}`);
}
writeFileSync(`${outDir}/times.tsv`, times.join("\n") + "\n");
export {};
