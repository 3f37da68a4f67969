// Swagger UI or ReDoc on Kembar's OpenAPI description, both served by Kembar itself.
"use strict";
(function () {
  const element = document.getElementById("api-docs");
  if (element.dataset.tool === "swagger") {
    SwaggerUIBundle({ url: element.dataset.spec, domNode: element, deepLinking: true,
                      validatorUrl: null, tryItOutEnabled: false });
  } else {
    Redoc.init(element.dataset.spec, { hideDownloadButton: false, disableSearch: false }, element);
  }
})();
