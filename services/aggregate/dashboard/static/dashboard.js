// The dashboard's page: new figures without a reload, the caller's to-do list from notify, sortable tables.
"use strict";

const page = document.getElementById("page");

async function refresh() {
  const answer = await fetch(page.dataset.statusUrl, { credentials: "same-origin" });
  if (answer.status === 401) { window.location.assign("/login"); return; }
  if (!answer.ok) return;
  const status = await answer.json();
  if (String(status.events_applied) === page.dataset.events) return;
  const html = await (await fetch(window.location.href, { credentials: "same-origin" })).text();
  const fresh = new DOMParser().parseFromString(html, "text/html");
  for (const id of ["figures", "updated", "events"]) {
    const now = fresh.getElementById(id);
    if (now) document.getElementById(id).replaceWith(now);
  }
  page.dataset.events = String(status.events_applied);
  sortable();
}

function todoLine(item) {
  const li = document.createElement("li");
  li.className = item.overdue ? "todo overdue" : "todo";
  li.dataset.todo = String(item.id);
  let due = "";
  if (item.due) due = item.overdue ? `（已超期 ${item.due}）` : item.due_today ? `（今日到期）` : `（期限 ${item.due}）`;
  li.textContent = item.title + due;
  return li;
}

async function todos() {
  const state = document.getElementById("todos-state");
  const list = document.getElementById("todo-list");
  try {
    const answer = await fetch(`${page.dataset.todosUrl}?status=open&limit=50`, { credentials: "include" });
    if (!answer.ok) { state.textContent = `待办暂不可读（${answer.status}）`; return; }
    const items = (await answer.json()).items;
    list.replaceChildren(...items.map(todoLine));
    state.textContent = items.length ? `共 ${items.length} 项待办` : "暂无待办";
  } catch (error) {
    state.textContent = "待办暂不可读（通知服务未连接）";
  }
}

function sortable() {
  for (const table of document.querySelectorAll("table.sortable")) {
    table.querySelectorAll("th[data-sort]").forEach((th, column) => {
      th.addEventListener("click", () => {
        const rows = Array.from(table.tBodies[0].rows);
        const numeric = th.dataset.sort === "number";
        const down = th.dataset.order !== "desc";
        rows.sort((a, b) => {
          const x = a.cells[column].textContent, y = b.cells[column].textContent;
          const order = numeric ? (Number(x) || 0) - (Number(y) || 0) : x.localeCompare(y, "zh-CN");
          return down ? -order : order;
        });
        th.dataset.order = down ? "desc" : "asc";
        table.tBodies[0].append(...rows);
      });
    });
  }
}

for (const select of document.querySelectorAll(".filter select")) {
  select.addEventListener("change", () => select.form.submit());
}
sortable();
todos();
setInterval(() => { refresh(); todos(); }, Number(page.dataset.pollS) * 1000);
