/* hearth-sim-hue-certs.h: two self-signed certificates (and their keys) for
 * the simulated Hue bridges, made once with
 *   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
 *     -days 36500 -subj "/C=NL/O=Philips Hue/CN=hearthsimhue000N" -addext "subjectAltName=IP:127.0.0.1"
 * Test material only: the simulator's bridges 1, 3, 5… serve the first,
 * 2, 4, 6… the second, so a test can show a different certificate.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

static const char hearth_sim_hue_pem_1[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIB5DCCAYqgAwIBAgIUPiNRpqgIymchYnrjf90PLIEvG1YwCgYIKoZIzj0EAwIw\n"
  "PjELMAkGA1UEBhMCTkwxFDASBgNVBAoMC1BoaWxpcHMgSHVlMRkwFwYDVQQDDBBo\n"
  "ZWFydGhzaW1odWUwMDAxMCAXDTI2MTEyOTExMTgwNVoYDzIxMjYxMTA1MTExODA1\n"
  "WjA+MQswCQYDVQQGEwJOTDEUMBIGA1UECgwLUGhpbGlwcyBIdWUxGTAXBgNVBAMM\n"
  "EGhlYXJ0aHNpbWh1ZTAwMDEwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQsffCE\n"
  "M7lI3nqf8XYnTFCRNmNLQVRJUs5gAxqbcuIuNlAoj0KWNRlLfQj0C9DVeP9LmnJl\n"
  "DkGTPCgsO63vfoXpo2QwYjAdBgNVHQ4EFgQUjTR/ekGCj4U3lxmWxDP9ATToiDUw\n"
  "HwYDVR0jBBgwFoAUjTR/ekGCj4U3lxmWxDP9ATToiDUwDwYDVR0TAQH/BAUwAwEB\n"
  "/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0gAMEUCIB4+Dreho6kcRtpA\n"
  "qSb/W5pndUf1rDLwFBrI3/47UBO6AiEAquOa/nDyutXRqbdZmkNX00l+CxfNSeyY\n"
  "o2D2GZX0ctE=\n"
  "-----END CERTIFICATE-----\n"
  "-----BEGIN PRIVATE KEY-----\n"
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgRQBz2K4sWK9qH2Is\n"
  "76hMUdmLOIoZGhFqp2GL9Lf4rpehRANCAAQsffCEM7lI3nqf8XYnTFCRNmNLQVRJ\n"
  "Us5gAxqbcuIuNlAoj0KWNRlLfQj0C9DVeP9LmnJlDkGTPCgsO63vfoXp\n"
  "-----END PRIVATE KEY-----\n"
  ;

static const char hearth_sim_hue_pem_2[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIB4zCCAYqgAwIBAgIUEaXnnqEOH2bDEepdz2iB+74QtFowCgYIKoZIzj0EAwIw\n"
  "PjELMAkGA1UEBhMCTkwxFDASBgNVBAoMC1BoaWxpcHMgSHVlMRkwFwYDVQQDDBBo\n"
  "ZWFydGhzaW1odWUwMDAyMCAXDTI2MTEyOTExMTgwNVoYDzIxMjYxMTA1MTExODA1\n"
  "WjA+MQswCQYDVQQGEwJOTDEUMBIGA1UECgwLUGhpbGlwcyBIdWUxGTAXBgNVBAMM\n"
  "EGhlYXJ0aHNpbWh1ZTAwMDIwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATDeeYF\n"
  "MDBMq7eBaq77h2moCk48rx/s2Gyz7fvBMT41myx3Un1uhqNITUPWAcTxCUhtZovx\n"
  "d9MIFOCO9RvCIz41o2QwYjAdBgNVHQ4EFgQUwQGKUCN2owtVbShuev8sh2/BpzEw\n"
  "HwYDVR0jBBgwFoAUwQGKUCN2owtVbShuev8sh2/BpzEwDwYDVR0TAQH/BAUwAwEB\n"
  "/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0cAMEQCICJZ2OZkTjGfK0r2\n"
  "LSaIwGXVfdnJPZNkJemt+Qqp1dGHAiBMttDnrOn3uOauSedKR3LS3GUDI62xHyev\n"
  "Tt8GOq30Gw==\n"
  "-----END CERTIFICATE-----\n"
  "-----BEGIN PRIVATE KEY-----\n"
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgUvAska7O9zKgdmoU\n"
  "Evlm55JOREajcAoo2xWZsTcKYyChRANCAATDeeYFMDBMq7eBaq77h2moCk48rx/s\n"
  "2Gyz7fvBMT41myx3Un1uhqNITUPWAcTxCUhtZovxd9MIFOCO9RvCIz41\n"
  "-----END PRIVATE KEY-----\n"
  ;

