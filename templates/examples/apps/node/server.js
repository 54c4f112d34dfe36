// A tiny HTTP service on Node's own http module: GET /health answers 200.
const http = require('http');
const port = Number(process.env.PORT || 3000);
http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok\n');
  } else {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('hello from node\n');
  }
}).listen(port, () => console.log('listening on ' + port));
