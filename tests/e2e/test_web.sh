# test_web.sh - what `homeward serve` gives the web interface: its files
# (GET / and GET /assets/{file} from --web DIR: types, caching, the page's
# Content-Security-Policy, nothing outside the directory), the dashboard's
# figures (GET /api/v1/dashboard: counts, no names, report.read), and the
# filters of a search by name.  The interface itself is tested in a real
# browser by tests/browser/.

# shellcheck source=tests/e2e/serve_lib.sh
. "$E2E_DIR/serve_lib.sh"

# a built interface: index.html, a hashed and an unhashed asset, and what
# must never be served
make_web()
{
	mkdir -p web/assets secret
	printf '<!doctype html><title>t</title>\n' >web/index.html
	printf 'console.log(1)\n' >web/assets/app-ABCD2345.js
	printf 'body{}\n' >web/assets/style.css
	printf 'x\n' >web/assets/.hidden.js
	printf 'secret\n' >secret/data.txt
	ln -s ../../secret/data.txt web/assets/link.txt
	printf 'x' >web/assets/data.db
}

t_web_files_types_cache_and_policy()
{
	make_web
	hw init
	serve_start --web "$PWD/web" || return
	api GET /
	expect_http 200
	expect_header 'Content-Type: text/html; charset=utf-8'
	expect_header 'Cache-Control: no-cache'
	expect_header "Content-Security-Policy: default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
	expect_header 'X-Frame-Options: DENY'
	expect_header 'X-Content-Type-Options: nosniff'
	expect_equal "$(cat "$RUN_OUT")" '<!doctype html><title>t</title>' "the page"
	api GET /assets/app-ABCD2345.js
	expect_http 200
	expect_header 'Content-Type: text/javascript; charset=utf-8'
	expect_header 'Cache-Control: public, max-age=31536000, immutable'
	expect_header "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'"
	api GET /assets/style.css
	expect_http 200
	expect_header 'Content-Type: text/css; charset=utf-8'
	expect_header 'Cache-Control: no-cache'
	# nothing but plain files of the directory, of the known types
	local p
	for p in /assets/.hidden.js /assets/link.txt /assets/data.db /assets/nothing.js \
		/assets/..%2Fsecret%2Fdata.txt /assets/%2e%2e /assets/../index.html /assets/ \
		/assets/a/b.js /index.html /secret/data.txt; do
		api GET "$p" '' --path-as-is
		expect_http 404
		grep -q secret "$RUN_OUT" && fail "$p revealed a file outside"
	done
	api POST / '{}'
	expect_http 405
	# the API is unchanged beside it
	api GET /api/v1/me
	expect_error 401 unauthorized null
	serve_stop
}

t_web_not_built_or_off()
{
	hw init
	serve_start --web "$PWD/nowhere" || return
	api GET /
	expect_error 404 not_found null
	expect_json_field '"make web" in j["error"]["message"]' True
	serve_stop
	serve_start --no-web || return
	api GET /
	expect_error 404 not_found null
	expect_json_field '"no web interface" in j["error"]["message"]' True
	serve_stop
}

t_web_dashboard_counts_without_names()
{
	setup_users
	hw person add --family Коваленко --given Олександр --status captive
	hw person add --family Бондар --given Іван --status missing
	hw person add --family Мельник --given Петро --status captive --held-by us
	hw exchange create 'Test exchange' --agreed 2025-05-16 --quota-in 10 --quota-out 10
	hw exchange stage add 'Test exchange' --date 2025-05-23 --planned-in 4 --planned-out 4
	expect_status 0
	hw exchange create 'Older exchange' --agreed 2024-01-01
	expect_status 0
	serve_start || return
	api GET /api/v1/dashboard
	expect_error 401 unauthorized null
	login_as analyst
	api GET /api/v1/dashboard
	expect_http 200
	expect_json_field 'j["registry"]["captive"]' 1
	expect_json_field 'j["registry"]["missing"]' 1
	expect_json_field 'j["registry"]["in_captivity"]' 1
	expect_json_field 'j["returned"]["since"]' 2022-02-24
	expect_json_field 'j["returned"]["total"]' 0
	# open ones first, the most recently active first
	expect_json_field 'j["exchanges"][0]["name"]' 'Test exchange'
	expect_json_field 'j["exchanges"][1]["name"]' 'Older exchange'
	expect_json_field '"order" in j["exchanges"][0]' False
	expect_json_field 'j["exchanges"][0]["stages"][0]["planned_in"]' 4
	expect_json_field 'j["exchanges"][0]["stages"][0]["date"]' 2025-05-23
	expect_json_field 'len(j["timeline"])' 0
	grep -qE 'Коваленко|Бондар|Мельник|HW-0' "$RUN_OUT" && fail "the dashboard names a person"
	api GET '/api/v1/dashboard?x=1'
	expect_error 400 invalid x
	for role in $ROLES; do
		[ "$role" = admin ] && continue
		login_as "$role"
		api GET /api/v1/dashboard
		expect_http 200
	done
	serve_stop
}

t_web_search_filters()
{
	setup_users
	hw person add --family Коваленко --given Олександр --patronymic Петрович --status captive \
		--branch marines --region donetsk --tag mariupol
	hw person add --family Коваленко --given Олександр --patronymic Іванович --status missing \
		--branch ngu --region kherson
	expect_status 0
	serve_start || return
	login_as registrar
	api GET '/api/v1/search?q=Oleksandr%20Kovalenko&limit=10'
	expect_http 200
	expect_json_field 'len(j["candidates"])' 2
	api GET '/api/v1/search?q=Oleksandr%20Kovalenko&status=captive'
	expect_http 200
	expect_json_field 'len(j["candidates"])' 1
	expect_json_field '"Петрович" in j["candidates"][0]["name"]' True
	api GET '/api/v1/search?q=Oleksandr%20Kovalenko&branch=ngu&region=kherson'
	expect_json_field 'len(j["candidates"])' 1
	expect_json_field '"Іванович" in j["candidates"][0]["name"]' True
	api GET '/api/v1/search?q=Oleksandr%20Kovalenko&tag=mariupol&category=military'
	expect_json_field 'len(j["candidates"])' 1
	api GET '/api/v1/search?q=Oleksandr%20Kovalenko&status=returned'
	expect_http 200
	expect_json_field 'j["decision"]' none
	expect_json_field 'len(j["candidates"])' 0
	api GET '/api/v1/search?q=Oleksandr%20Kovalenko&held_by=us'
	expect_json_field 'len(j["candidates"])' 0
	api GET '/api/v1/search?q=Oleksandr%20Kovalenko&status=lost'
	expect_error 400 invalid status
	api GET '/api/v1/search?q=Oleksandr%20Kovalenko&tag=Bad%20Tag'
	expect_error 400 invalid tag
	# the filters are audited with the search
	serve_stop
	hw audit log --action person.search --format json
	expect_stdout_contains '"status": "captive"'
}
